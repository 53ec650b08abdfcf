/** The stylesheet URL a portal page links to (entities decoded), for fetching it with inject. */
export function stylesheetHref(page: string): string {
  const href = /<link rel="stylesheet" href="([^"]+)"\s*\/?>/.exec(page)?.[1];
  if (!href) throw new Error('no stylesheet link');
  return href.replaceAll('&amp;', '&');
}

/**
 * The page with whitespace runs collapsed to one space and none around tags' inner edges, so that
 * assertions don't depend on how the templates are indented (Prettier formats `html` templates).
 */
export function squash(page: string): string {
  return page
    .replace(/\s+/g, ' ')
    .replace(/ \/?>/g, '>')
    .replace(/> </g, '><')
    .replace(/<\/(\w+) >/g, '</$1>');
}
