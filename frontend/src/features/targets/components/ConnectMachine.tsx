/** Connect a machine: a one-time join token (JoinToken), or the manual agent command. */
import { useState } from "react";
import { CopyButton, Panel } from "../../../shared/ui/ui";
import { agentCommand, agentIdError, DEFAULT_NATS_PORT } from "../lib/agent";
import { JoinToken } from "./JoinToken";
import "../targets.css";

export function ManualAgent({ agentName }: { agentName: string }) {
  const [server, setServer] = useState(() => globalThis.location?.hostname || "<server>");
  const [port, setPort] = useState(String(DEFAULT_NATS_PORT));
  const { install, run } = agentCommand({
    agentId: agentName,
    server,
    port,
    webPort: globalThis.location?.port ?? "",
    protocol: globalThis.location?.protocol || "http:",
  });
  const both = `${install}\n${run}`;
  return (
    <div className="connect-way" data-testid="manual-agent">
      <div className="connect-way-head">
        <span className="strong">Or with a NATS user you manage</span>
        <span className="muted small">for NATS servers the workbench does not configure</span>
      </div>
      <div className="form-row">
        <label className="field">
          <span className="field-label">This server, as the machine reaches it</span>
          <input value={server} onChange={(e) => setServer(e.target.value)} spellCheck={false} data-testid="agent-server" />
        </label>
        <label className="field field-narrow">
          <span className="field-label">NATS port</span>
          <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" data-testid="agent-port" />
        </label>
      </div>
      <div className="command">
        <pre className="command-text" data-testid="agent-command">
          <span className="command-comment"># on the edge machine</span>
          {"\n"}
          {install}
          {"\n"}
          {run}
        </pre>
        <CopyButton text={both} testId="copy-agent-command" />
      </div>
      <ul className="connect-notes small">
        <li>
          <strong>Each agent needs its own NATS user</strong>, <code>agent-{agentName.trim() || "<name>"}</code>, with its
          own password: add it to the NATS server's configuration (<code>nats.conf</code>) with the same permissions
          as <code>agent-local</code>, on its own subjects. Never reuse another agent's password.
        </li>
        <li>
          The machine must reach NATS on port {port || DEFAULT_NATS_PORT} (publish it with TLS beyond a trusted
          network) and the gateway's <code>DLWB_PUBLIC_URL</code>: agents download model files from it.
        </li>
      </ul>
    </div>
  );
}

export function ConnectMachine() {
  const [name, setName] = useState("edge-1");
  const nameError = agentIdError(name);
  return (
    <Panel
      title="Connect another machine"
      testId="connect-agent"
      actions={<span className="muted small">once started, the agent shows up above within seconds, with its devices</span>}
    >
      <div className="connect">
        <label className="field connect-name">
          <span className="field-label">Agent name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            spellCheck={false}
            aria-invalid={!!nameError}
            data-testid="agent-name"
          />
          <span className={`field-hint${nameError ? " warn" : ""}`}>
            {nameError ?? "DLWB_AGENT_ID / --id: unique per machine"}
          </span>
        </label>
        <div className="grid-2">
          <JoinToken agentName={name} />
          <ManualAgent agentName={name} />
        </div>
      </div>
    </Panel>
  );
}
