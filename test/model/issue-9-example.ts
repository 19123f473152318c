// The example of issue 9, exactly as the issue (and docs/configuration.md) shows it: it must
// load as written. Kept in a string so no formatter touches it.
export const ISSUE_9_EXAMPLE = `services:
  api:
    context: api-server            # image: ghcr.io/<owner>/<repo>/api unless \`image:\` is set
    health: { json: ['status == "ok"'], expect-version: true }
  frontend:
    context: frontend
environments:
  staging:
    on: prerelease                 # which releases deploy here: prerelease | release
    url: https://daidai-preview.example.com
    health:
      api: https://api.daidai-preview.example.com/health
      frontend: https://daidai-preview.example.com/
    target:
      kind: ssh-compose
      hosts: [staging.example.com]
      user: deploy
      project-dir: /opt/deploy-avatar
      compose-file: docker-compose.stage.yml
  production:
    on: release
    url: https://daidai.example.com
    health:
      api: https://api.daidai.example.com/health
      frontend: https://daidai.example.com/
    target:
      kind: ssh-compose
      hosts: [prod.example.com]
      user: deploy
      project-dir: /opt/deploy-avatar-prod
      compose-file: docker-compose.prod.yml
    freeze: ['Fri 18:00 - Mon 08:00 Asia/Hong_Kong']
    require-checks: true
`;
