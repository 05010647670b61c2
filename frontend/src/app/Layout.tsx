/** The authenticated shell: header (product, logout), left navigation, the page. */
import { useQueryClient } from "@tanstack/react-query";
import { NavLink, Outlet } from "react-router";
import { clearToken } from "../shared/auth/token";
import { useTargets } from "../features/targets/api/targets";
import "./Layout.css";

function NavIcon({ d }: { d: string }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden>
      <path d={d} />
    </svg>
  );
}

const ICONS = {
  models: "M12 2 3 7v10l9 5 9-5V7l-9-5zm0 2.3L18.7 8 12 11.7 5.3 8 12 4.3zM5 9.7l6 3.3v6.6l-6-3.3V9.7zm8 9.9V13l6-3.3v6.6l-6 3.3z",
  projects: "M4 5h6l2 2h8v12H4V5zm2 4v8h12V9H6z",
  omz: "M4 4h4v16H4V4zm6 0h4v16h-4V4zm5.6 1.2 3.8-1 4 15.5-3.8 1-4-15.5zM5.5 6v2h1V6h-1zm6 0v2h1V6h-1z",
  targets: "M4 4h16v10H4V4zm2 2v6h12V6H6zm2 10h8v2h3v2H5v-2h3v-2z",
  compare: "M4 4h7v16H4V4zm2 2v12h3V6H6zm7-2h7v16h-7V4zm2 2v12h3V6h-3z",
  fleet: "M2 5h6v5H2V5zm7 0h6v5H9V5zm7 0h6v5h-6V5zM2 14h6v5H2v-5zm7 0h6v5H9v-5zm7 0h6v5h-6v-5z",
  datasets: "M3 4h8v7H3V4zm2 2v3h4V6H5zm8-2h8v7h-8V4zm2 2v3h4V6h-4zM3 13h8v7H3v-7zm2 2v3h4v-3H5zm8-2h8v7h-8v-7zm2 2v3h4v-3h-4z",
};

function TargetSummary() {
  const { data } = useTargets();
  if (!data) return null;
  const online = data.data.filter((t) => t.status !== "offline").length;
  return (
    <div className="nav-footer" title="targets reachable / known">
      <span className={`dot ${online > 0 ? "dot-online" : "dot-offline"}`} />
      {online}/{data.data.length} targets up
    </div>
  );
}

export function Layout() {
  const qc = useQueryClient();
  const logout = () => {
    clearToken(null);
    qc.clear();
  };
  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden>
            <path d="M3 17l5-6 4 4 5-8 4 5" />
          </svg>
          <span className="brand-name" data-testid="product-name">
            DL Workbench
          </span>
          <span className="brand-sub">for OpenVINO</span>
        </div>
        <div className="topbar-actions">
          <button type="button" className="btn btn-ghost" onClick={logout} data-testid="logout">
            Log out
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <NavLink to="/models" data-testid="nav-models">
          <NavIcon d={ICONS.models} />
          Models
        </NavLink>
        <NavLink to="/omz" data-testid="nav-omz">
          <NavIcon d={ICONS.omz} />
          Model Zoo
        </NavLink>
        <NavLink to="/datasets" data-testid="nav-datasets">
          <NavIcon d={ICONS.datasets} />
          Datasets
        </NavLink>
        <NavLink to="/projects" data-testid="nav-projects">
          <NavIcon d={ICONS.projects} />
          Projects
        </NavLink>
        <NavLink to="/compare" data-testid="nav-compare">
          <NavIcon d={ICONS.compare} />
          Compare
        </NavLink>
        <NavLink to="/targets" data-testid="nav-targets">
          <NavIcon d={ICONS.targets} />
          Targets
        </NavLink>
        <NavLink to="/fleet" data-testid="nav-fleet">
          <NavIcon d={ICONS.fleet} />
          Fleet
        </NavLink>
        <TargetSummary />
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
