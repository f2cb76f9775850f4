declare module 'sm-crypto';
declare module 'opencc-js';
