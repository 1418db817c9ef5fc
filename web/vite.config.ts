import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// `npm run dev` serves the app with hot reload and sends the API to a
// running `parley serve` (its query server, which also answers commands).
export default defineConfig({
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': { target: process.env.PARLEY_URL ?? 'http://127.0.0.1:8081', changeOrigin: false } } },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
