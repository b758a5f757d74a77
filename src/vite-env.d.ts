// Vite's types for `import.meta.env` (PROD, DEV, BASE_URL) and for imports of assets.
/// <reference types="vite/client" />
