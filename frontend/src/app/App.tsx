import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { createBrowserRouter, Navigate, Outlet, useLocation } from "react-router";
import { RouterProvider } from "react-router/dom";
import { ApiError } from "../shared/api/errors";
import { useToken } from "../shared/auth/token";
import { Layout } from "./Layout";
import { Loading } from "../shared/ui/ui";
import { LoginPage } from "../features/auth/pages/LoginPage";
import { ModelDetailPage } from "../features/models/pages/ModelDetailPage";
import { ModelsPage } from "../features/models/pages/ModelsPage";
import { NotFoundPage } from "./NotFoundPage";
import { OmzPage } from "../features/omz/pages/OmzPage";
import { ProjectPage } from "../features/projects/pages/ProjectPage";
import { ProjectsPage } from "../features/projects/pages/ProjectsPage";
import { TargetsPage } from "../features/targets/pages/TargetsPage";

// the result pages carry the charts and the graph: each is its own chunk, fetched on first visit
const BenchmarkPage = lazy(() => import("../features/benchmarks/pages/BenchmarkPage").then((m) => ({ default: m.BenchmarkPage })));
const LayerProfilePage = lazy(() => import("../features/layers/pages/LayerProfilePage").then((m) => ({ default: m.LayerProfilePage })));
const SweepPage = lazy(() => import("../features/sweeps/pages/SweepPage").then((m) => ({ default: m.SweepPage })));
const ComparePage = lazy(() => import("../features/compare/pages/ComparePage").then((m) => ({ default: m.ComparePage })));
const CalibrationPage = lazy(() => import("../features/calibration/pages/CalibrationPage").then((m) => ({ default: m.CalibrationPage })));
const DatasetsPage = lazy(() => import("../features/datasets/pages/DatasetsPage").then((m) => ({ default: m.DatasetsPage })));
const DatasetPage = lazy(() => import("../features/datasets/pages/DatasetPage").then((m) => ({ default: m.DatasetPage })));
const FleetPage = lazy(() => import("../features/fleet/pages/FleetPage").then((m) => ({ default: m.FleetPage })));
const FleetRunPage = lazy(() => import("../features/fleet/pages/FleetRunPage").then((m) => ({ default: m.FleetRunPage })));
const AccuracyPage = lazy(() => import("../features/accuracy/pages/AccuracyPage").then((m) => ({ default: m.AccuracyPage })));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      refetchOnWindowFocus: true,
      // API answers (404, 422, …) are final; only network trouble and 5xx are worth a retry
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

/** Everything but /login needs a token; without one (or after any 401) go to /login and come back. */
function RequireAuth() {
  const token = useToken();
  const location = useLocation();
  if (!token) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login"} replace />;
  }
  return <Outlet />;
}

const router = createBrowserRouter([
  { path: "/login", element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <Navigate to="/models" replace /> },
          { path: "models", element: <ModelsPage /> },
          { path: "models/:modelId", element: <ModelDetailPage /> },
          { path: "omz", element: <OmzPage /> },
          { path: "projects", element: <ProjectsPage /> },
          { path: "projects/:projectId", element: <ProjectPage /> },
          { path: "benchmarks/:benchmarkId", element: page(BenchmarkPage) },
          { path: "layer-profiles/:profileId", element: page(LayerProfilePage) },
          { path: "sweeps/:sweepId", element: page(SweepPage) },
          { path: "compare", element: page(ComparePage) },
          { path: "calibrations/:calibrationId", element: page(CalibrationPage) },
          { path: "datasets", element: page(DatasetsPage) },
          { path: "datasets/:datasetId", element: page(DatasetPage) },
          { path: "accuracy/:runId", element: page(AccuracyPage) },
          { path: "targets", element: <TargetsPage /> },
          { path: "fleet", element: page(FleetPage) },
          { path: "fleet/:fleetId", element: page(FleetRunPage) },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
