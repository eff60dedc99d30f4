import Foundation

/// The libFuzzer entry for the HTTP response parser.
///
/// The first byte chooses the request and the body cap: bit 0 set means the request was `HEAD`,
/// bits 1–2 pick the cap from `caps`. The second byte seeds the sizes of the pieces the rest is
/// fed in. The rest is parsed once all at once and once in those pieces, then the end of the
/// connection is signalled if the response is not complete; both must agree on the outcome, the
/// bytes taken, the status, headers, body and keep-alive. A complete response must have a final
/// status and a body within the cap. A crash, a sanitizer report or a disagreement is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponse(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count >= 2 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let bodiless = bytes[0] & 1 == 1
    let cap = caps[Int(bytes[0] >> 1 & 3)]
    let response = UnsafeRawBufferPointer(rebasing: bytes[2...])
    let whole = parse(response, pieces: [response.count], cap: cap, bodiless: bodiless)
    let pieces = pieceSizes(total: response.count, seed: bytes[1])
    let pieced = parse(response, pieces: pieces, cap: cap, bodiless: bodiless)
    guard whole == pieced else {
        fatalError("fed whole: \(whole)\nfed in pieces \(pieces): \(pieced)")
    }
    if case .complete(let status, _, let body, _, _) = whole {
        guard status >= 200, status <= 999, body.count <= cap else {
            fatalError("a complete response with status \(status) and a body of \(body.count) bytes (cap \(cap))")
        }
    }
    return 0
}

/// The body caps the first byte chooses from: the default 16 MiB, none, tiny and small (so the
/// ASCII digits `0`, `2`, `4` and `6` pick them for a GET, `1`, `3`, `5` and `7` for a HEAD).
private let caps = [16 << 20, 0, 7, 300]

/// What the parser made of a response.
private enum Outcome: Equatable {
    case complete(status: Int, headers: [String: String], body: Data, keepAlive: Bool, taken: Int)
    case failed(HTTPResponseParser.Failure)
}

/// Feeds `response` in pieces of the given sizes, as reads from a socket would, then ends the connection.
private func parse(_ response: UnsafeRawBufferPointer, pieces: [Int], cap: Int, bodiless: Bool) -> Outcome {
    var parser = HTTPResponseParser(maxBodyBytes: cap, bodiless: bodiless)
    var offset = 0
    var taken = 0
    do throws(HTTPResponseParser.Failure) {
        for size in pieces where !parser.isComplete {
            taken += try parser.consume(UnsafeRawBufferPointer(rebasing: response[offset..<offset + size]))
            offset += size
        }
        if !parser.isComplete { try parser.finish() }
    } catch {
        return .failed(error)
    }
    return .complete(status: parser.status, headers: parser.headers, body: parser.body, keepAlive: parser.keepAlive, taken: taken)
}

/// Sizes from 1 to 64 (or the whole rest when `seed` is 0), adding up to `total`, drawn from a generator seeded with `seed`.
private func pieceSizes(total: Int, seed: UInt8) -> [Int] {
    guard seed != 0 else { return [total] }
    var state = UInt32(seed) &* 2_654_435_761 | 1
    var sizes: [Int] = []
    var left = total
    while left > 0 {
        state ^= state << 13
        state ^= state >> 17
        state ^= state << 5
        let size = min(left, Int(state % 64) + 1)
        sizes.append(size)
        left -= size
    }
    return sizes
}
