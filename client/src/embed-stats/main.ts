import { parseStatsEmbedParams } from '../../../shared/embed/embed-params.js';

// Placeholder entry until the stats panel lands (issue 14): it reads the parameters and says so.
const target = document.getElementById('embed');
if (!target) throw new Error('embed-stats.html has no #embed element');
const parsed = parseStatsEmbedParams(location.search);
target.textContent = parsed.ok
  ? 'Openbeat accountability'
  : parsed.problems.map((p) => p.message).join('; ');
