import { describe, expect, it } from 'vitest';
import { withHttpCors } from './sam-http-cors.js';

const inline = (body: Record<string, unknown> = { openapi: '3.0.1', paths: {} }) =>
  ({ kind: 'inline', body }) as const;
const corsOf = (cors: unknown, body?: Record<string, unknown>): unknown => {
  const out = withHttpCors(inline(body), cors, 'P.CorsConfiguration');
  return out.kind === 'inline' && (out.body as Record<string, unknown>)['x-amazon-apigateway-cors'];
};

describe("SAM HttpApi's CorsConfiguration", () => {
  it("becomes the definition's x-amazon-apigateway-cors: true allows every origin", () => {
    expect(corsOf(true)).toEqual({ allowOrigins: ['*'] });
    expect(withHttpCors(inline(), false, 'P')).toEqual(inline());
    expect(corsOf({ Ref: 'Origins' })).toEqual({ allowOrigins: { Ref: 'Origins' } });
  });

  it('writes each member, over what the definition had, credentials only when true', () => {
    const cors = corsOf(
      { AllowOrigins: ['https://a.example'], AllowMethods: ['GET'], MaxAge: 60, AllowCredentials: false },
      { paths: {}, 'x-amazon-apigateway-cors': { allowHeaders: ['x-a'], maxAge: 5 } },
    );
    expect(cors).toEqual({
      allowHeaders: ['x-a'],
      allowOrigins: ['https://a.example'],
      allowMethods: ['GET'],
      maxAge: 60,
    });
  });

  it('is refused as SAM refuses it: unknown members, credentials with *, a DefinitionUri', () => {
    expect(() => corsOf({ AllowOrigin: ['x'] })).toThrow("Invalid value for 'Cors' property.");
    expect(() => corsOf({ AllowOrigins: ['*'], AllowCredentials: true })).toThrow(
      "'AllowCredentials' can not be true",
    );
    expect(() => withHttpCors({ kind: 's3', location: {} }, true, 'P')).toThrow(
      "Cors works only with inline OpenApi specified in 'DefinitionBody' property.",
    );
  });
});
