export * from "./policies";
export * from "./preview-json";
export * from "./render";
export * from "./mermaid";
