import { parseMapEmbedParams } from '../../../shared/embed/embed-params.js';

// Placeholder entry until the embed map lands (issue 14): it reads the parameters and says so.
const target = document.getElementById('embed');
if (!target) throw new Error('embed.html has no #embed element');
const parsed = parseMapEmbedParams(location.search);
target.textContent = parsed.ok
  ? 'Openbeat live map'
  : parsed.problems.map((p) => p.message).join('; ');
