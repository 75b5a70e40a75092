/** The page `/console` answers while no admin token is configured (or its assets are missing): what to do about it. */
export function consoleOffPage(reason: 'no-token' | 'no-assets', assetsDir: string): string {
  const what =
    reason === 'no-token'
      ? `<p>The console is off because the gateway has no admin token. Set one in the gateway's environment and restart it:</p>
<pre>export SWITCHYARD_GATEWAY__ADMIN_TOKEN=$(openssl rand -hex 32)</pre>
<p>(the setting is <code>gateway.adminToken</code>, at least 16 characters; keep it out of <code>switchyard.yaml</code>). Then open <code>/console</code> again and sign in with that token.</p>`
      : `<p>The console's files are not built: the gateway looked for them in <code>${escapeHtml(assetsDir)}</code>. Build them with</p>
<pre>npx nx run console:build</pre>
<p>(<code>npm start</code> does it), or point <code>gateway.consoleDir</code> at the folder.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Switchyard console</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2330;background:#f7f8fa}pre{background:#e9ecf2;padding:.75rem;border-radius:6px;overflow-x:auto}@media (prefers-color-scheme:dark){body{color:#e4e7ee;background:#151821}pre{background:#232836}}</style>
</head><body><h1>Switchyard console</h1>${what}</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
