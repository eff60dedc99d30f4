#!/bin/sh
# Builds the libFuzzer targets into .build/fuzz/, outside SwiftPM: `swift build` and `swift test`
# never see them. Each target is one module made of the sources it needs and its entry point.
# Needs a swiftc whose clang runtime ships libFuzzer (the Linux toolchains do).
set -eu
cd "$(dirname "$0")/.."
out=.build/fuzz
mkdir -p "$out"
# Swift 6 mode as in Package.swift (its regex literals need it); -O: fast enough to fuzz, keeping
# Swift's bounds and overflow checks; -g: symbols in reports.
# lld: gold warns about every AddressSanitizer helper symbol it cannot export.
flags="-swift-version 6 -sanitize=fuzzer,address -parse-as-library -O -g -use-ld=lld"

# yaml-lite: the whole YAMLLite library (parser and writer) with the entry.
swiftc $flags -module-name FuzzYAMLLite \
    Sources/YAMLLite/*.swift Fuzz/FuzzYAMLLite.swift -o "$out/fuzz-yaml-lite"

# HTTP responses: the parser is internal to EvalKitTransport and needs only Foundation, so it is compiled alone.
swiftc $flags -module-name FuzzHTTPResponse \
    Sources/EvalKitTransport/HTTPResponseParser.swift Fuzz/FuzzHTTPResponse.swift -o "$out/fuzz-http-response"
