/** Connect a machine with a one-time join token: the command that installs, enrols and starts its agent. */
import { useState } from "react";
import { useCreateJoinToken } from "../api/targets";
import { CopyButton, ErrorBox } from "../../../shared/ui/ui";
import { formatDateTime } from "../../../shared/lib/format";
import { JOIN_TOKEN_TTLS, joinCommand, loopbackServer } from "../lib/agent";
import "../targets.css";

export function JoinToken({ agentName }: { agentName: string }) {
  const create = useCreateJoinToken();
  const [ttl, setTtl] = useState(JOIN_TOKEN_TTLS[0].seconds);
  const token = create.data;
  const command = token ? joinCommand(token.command, agentName) : "";
  const loopback = token ? loopbackServer(token.command) : null;
  return (
    <div className="connect-way" data-testid="join-token">
      <div className="connect-way-head">
        <span className="strong">With a join token</span>
        <span className="muted small">recommended: the agent enrols itself and gets its own NATS user</span>
      </div>
      <div className="form-row">
        <label className="field field-narrow">
          <span className="field-label">Valid for</span>
          <select value={ttl} onChange={(e) => setTtl(Number(e.target.value))} data-testid="join-token-ttl">
            {JOIN_TOKEN_TTLS.map((t) => (
              <option key={t.seconds} value={t.seconds}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <div className="field field-submit">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => create.mutate({ ttl_seconds: ttl })}
            disabled={create.isPending}
            data-testid="create-join-token"
          >
            {create.isPending ? "Creating…" : token ? "Create another token" : "Create join token"}
          </button>
        </div>
      </div>
      {create.error != null && <ErrorBox error={create.error} title="Cannot create a join token" testId="join-token-error" />}
      {token && (
        <>
          <div className="command">
            <pre className="command-text" data-testid="join-command">
              <span className="command-comment"># on the edge machine (Linux, python3 3.11+ and curl); the token works once</span>
              {"\n"}
              {command}
            </pre>
            <CopyButton text={command} testId="copy-join-command" />
          </div>
          <div className="small muted" data-testid="join-token-expiry">
            Shown once: the server keeps only its hash. Valid until {formatDateTime(token.expires_at)}; one token
            enrols one machine, which saves its credentials and needs no token afterwards. The script installs the
            agent from this workbench into <code>~/.local/share/dlwb-agent/venv</code> and starts it; add{" "}
            <code>--systemd</code> to run it as a service. To upgrade it later, run the command again without{" "}
            <code>--join-token</code>.
          </div>
          {loopback && (
            <div className="notice small" data-testid="join-token-loopback">
              <code>{loopback}</code> is this workbench's public URL (<code>DLWB_PUBLIC_URL</code>), which another
              machine cannot reach: set it to an address the machine can reach, or edit the command.
            </div>
          )}
        </>
      )}
    </div>
  );
}
