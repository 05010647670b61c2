/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The api-gateway serves dist/ at "/" and the REST API at /api/v1. During `npm run dev`, API calls are
// proxied to a running gateway (DLWB_GATEWAY_URL, default http://127.0.0.1:8800).
const gateway = process.env.DLWB_GATEWAY_URL ?? "http://127.0.0.1:8800";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { "/api": { target: gateway, changeOrigin: true } },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
