/** The small part of SaxonJS 2.7 (no published types) that src/validation/engine.ts uses. */
declare module 'saxon-js' {
  export interface SaxonNode {
    readonly nodeType: number;
  }
  export interface TransformOptions {
    stylesheetInternal: unknown;
    sourceNode?: SaxonNode;
    destination: 'raw' | 'serialized' | 'document';
    stylesheetParams?: Record<string, unknown>;
    deliverMessage?: (message: unknown, errorCode: string) => void;
  }
  export interface TransformResult {
    principalResult: unknown;
  }
  export interface XPathOptions {
    params?: Record<string, unknown>;
    namespaceContext?: Record<string, string>;
    resultForm?: 'default' | 'array' | 'iterator' | 'xdm';
  }
  const SaxonJS: {
    transform(options: TransformOptions, mode: 'sync'): TransformResult;
    XPath: {
      evaluate(expression: string, context: SaxonNode | null, options?: XPathOptions): unknown;
    };
  };
  export default SaxonJS;
}
