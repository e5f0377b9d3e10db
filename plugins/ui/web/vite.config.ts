import { defineConfig } from 'vitest/config';

// Served by the http-api plugin under /ui/: relative asset URLs keep the bundle independent of the mount path,
// and the hash router needs no server-side fallback.
export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: true,
  },
  // `npm run dev` serves the app with hot reload and forwards the API to a running agent.
  server: {
    proxy: { '/v1': process.env.MUSTER_HTTP_ADDR ?? 'http://127.0.0.1:8500' },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
