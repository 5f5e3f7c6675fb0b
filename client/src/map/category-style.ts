/**
 * How each category looks: a colour and a shape by family (violence: triangle, property:
 * square, disorder: diamond, other: circle), so categories are told apart by shape as well as
 * colour (WCAG 1.4.1). The same icons are drawn for the map (MapLibre images) and the legend.
 */
export type Shape = 'triangle' | 'square' | 'diamond' | 'circle';

interface CategoryLook {
  colour: string;
  shape: Shape;
}

const FAMILIES: { shape: Shape; categories: Record<string, string> }[] = [
  {
    shape: 'triangle',
    categories: {
      homicide: '#7f1d1d',
      violence: '#b91c1c',
      robbery: '#dc2626',
      weapons: '#9f1239',
      kidnapping: '#be123c',
      'human-trafficking': '#881337',
      'violence-and-sexual-offences': '#991b1b',
      'sexual-offences': '#831843',
      'domestic-abuse': '#9d174d',
      'offences-against-children': '#701a75',
      'stalking-harassment': '#a21caf',
    },
  },
  {
    shape: 'square',
    categories: {
      theft: '#1d4ed8',
      'bicycle-theft': '#2563eb',
      burglary: '#1e3a8a',
      shoplifting: '#0369a1',
      'vehicle-crime': '#0e7490',
      fraud: '#4338ca',
      'criminal-damage': '#5b21b6',
      arson: '#c2410c',
    },
  },
  {
    shape: 'diamond',
    categories: {
      'anti-social-behaviour': '#a16207',
      'public-order': '#b45309',
      drugs: '#15803d',
      prostitution: '#854d0e',
      trespass: '#65a30d',
      'suspicious-activity': '#ca8a04',
    },
  },
  {
    shape: 'circle',
    categories: { traffic: '#475569', 'non-criminal': '#64748b', other: '#334155' },
  },
];

const LOOKS = new Map<string, CategoryLook>(
  FAMILIES.flatMap(({ shape, categories }) =>
    Object.entries(categories).map(([slug, colour]) => [slug, { colour, shape }] as const),
  ),
);

const FALLBACK: CategoryLook = { colour: '#334155', shape: 'circle' };

export function categoryLook(slug: string): CategoryLook {
  return LOOKS.get(slug) ?? FALLBACK;
}

export function categoryIconName(slug: string): string {
  return `category-${slug}`;
}

/** The icon's outline in a unit square (0..1), for a canvas path. */
function tracePath(context: CanvasRenderingContext2D, shape: Shape, size: number, inset: number) {
  const min = inset;
  const max = size - inset;
  const mid = size / 2;
  context.beginPath();
  switch (shape) {
    case 'triangle':
      context.moveTo(mid, min);
      context.lineTo(max, max - inset * 0.5);
      context.lineTo(min, max - inset * 0.5);
      break;
    case 'square':
      context.rect(min + inset, min + inset, max - min - 2 * inset, max - min - 2 * inset);
      break;
    case 'diamond':
      context.moveTo(mid, min);
      context.lineTo(max, mid);
      context.lineTo(mid, max);
      context.lineTo(min, mid);
      break;
    case 'circle':
      context.arc(mid, mid, (max - min) / 2.1, 0, Math.PI * 2);
      break;
  }
  context.closePath();
}

/** The icon as a canvas of `cssSize` CSS pixels drawn at `pixelRatio`. */
export function drawCategoryIcon(slug: string, cssSize = 22, pixelRatio = 2): HTMLCanvasElement {
  const size = cssSize * pixelRatio;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const { colour, shape } = categoryLook(slug);
  tracePath(context, shape, size, 1.5 * pixelRatio);
  context.fillStyle = colour;
  context.fill();
  context.lineWidth = 2 * pixelRatio;
  context.strokeStyle = '#ffffff';
  context.stroke();
  return canvas;
}

const iconUrls = new Map<string, string>();

/** A data: URL of the icon, for <img> in the legend and list (cached). */
export function categoryIconUrl(slug: string): string {
  let url = iconUrls.get(slug);
  if (url === undefined) {
    url = drawCategoryIcon(slug).toDataURL('image/png');
    iconUrls.set(slug, url);
  }
  return url;
}
