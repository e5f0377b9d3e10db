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
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
