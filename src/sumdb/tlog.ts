/**
 * The tamper-evident log of a checksum database, as golang.org/x/mod/sumdb/tlog has it: RFC 6962
 * hashes and proofs (`./merkle.ts`, tlog.go) and the tiles they are stored and served in
 * (`./tile.ts`, tile.go). Import the log from here; the two files import each other's parts only
 * one way (tile on merkle), which keeps the module graph free of cycles.
 */
export * from './merkle.js';
export * from './tile.js';
