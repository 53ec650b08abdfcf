import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { installFetch } from './fetch';

// jsdom lacks what antd measures with; these stand-ins answer "no match" / "no size".
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
// No layout in jsdom: a ResizeObserver that never reports a size change.
globalThis.ResizeObserver = class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
// jsdom does not implement getComputedStyle for pseudo-elements (antd asks for scrollbar sizes).
const computed = window.getComputedStyle.bind(window);
window.getComputedStyle = (element: Element) => computed(element);

// The API client builds Requests from relative URLs ('/api/v1/…'), as in the browser: resolve them here.
const NodeRequest = globalThis.Request;
globalThis.Request = class extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href).toString() : input, init);
  }
};
installFetch();

afterEach(() => {
  cleanup();
});
