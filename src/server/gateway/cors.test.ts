import { describe, expect, it } from 'vitest';
import { corsHeaders, isPreflight, preflightResponse } from './cors.js';

describe('function URL CORS', () => {
  it('allows any origin with *, but echoes it when credentials are allowed', () => {
    expect(corsHeaders({ AllowOrigins: ['*'] }, 'https://a.example')).toEqual({
      'access-control-allow-origin': '*',
    });
    expect(corsHeaders({ AllowOrigins: ['*'], AllowCredentials: true }, 'https://a.example')).toMatchObject({
      'access-control-allow-origin': 'https://a.example',
      'access-control-allow-credentials': 'true',
    });
  });

  it('adds nothing for an origin not listed, or a request without one', () => {
    expect(corsHeaders({ AllowOrigins: ['https://a.example'] }, 'https://b.example')).toEqual({});
    expect(corsHeaders({ AllowOrigins: ['*'] }, undefined)).toEqual({});
  });

  it('recognises a preflight by method, Origin and Access-Control-Request-Method', () => {
    expect(isPreflight('OPTIONS', { origin: 'o', 'access-control-request-method': 'GET' })).toBe(true);
    expect(isPreflight('OPTIONS', { origin: 'o' })).toBe(false);
    expect(isPreflight('GET', { origin: 'o', 'access-control-request-method': 'GET' })).toBe(false);
  });

  it('answers a preflight with wildcards echoing what was asked', () => {
    const response = preflightResponse(
      { AllowOrigins: ['*'], AllowMethods: ['*'], AllowHeaders: ['*'] },
      {
        origin: 'https://a.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-a,x-b',
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'PUT',
      'access-control-allow-headers': 'x-a,x-b',
    });
  });
});
