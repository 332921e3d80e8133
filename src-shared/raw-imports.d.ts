// Vite's `?raw` suffix imports a file's text as a string (src-shared/iana-registry.ts).
declare module '*?raw' {
  const text: string;
  export default text;
}
