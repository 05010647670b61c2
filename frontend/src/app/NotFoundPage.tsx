import { Link, useLocation } from "react-router";
import { PageHeader } from "../shared/ui/ui";

export function NotFoundPage() {
  const location = useLocation();
  return (
    <>
      <PageHeader title="Not found" />
      <p className="muted">
        Nothing lives at <code>{location.pathname}</code>. Go to <Link to="/models">Models</Link>.
      </p>
    </>
  );
}
