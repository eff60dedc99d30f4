import Foundation

/// An incremental reader of one HTTP/1.x response: status line, headers, and a body framed by `Content-Length`, chunks or the end of the connection.
///
/// Bytes are fed as they arrive; interim `1xx` answers are skipped. Header names are lowercased and
/// repeated headers joined with ", ". A body past `maxBodyBytes` stops reading with `tooLarge`.
struct HTTPResponseParser {
    enum Failure: Error, Equatable {
        /// Not HTTP/1.x, or a broken head, length or chunk.
        case malformed
        /// The body is longer than the cap.
        case tooLarge
        /// The connection ended before the response was complete.
        case truncated
    }

    private enum Phase: Equatable {
        case statusLine
        case headers
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers
        case untilClose
        case complete
    }

    /// The most bytes a status line and headers may take.
    static let maxHeadBytes = 64 << 10

    let maxBodyBytes: Int
    /// The request was `HEAD`: whatever the headers say, no body follows.
    let bodiless: Bool
    private(set) var status = 0
    /// Lowercased names; repeated headers joined with ", ".
    private(set) var headers: [String: String] = [:]
    private(set) var body = Data()
    /// The server lets the connection carry another request once this response is complete.
    private(set) var keepAlive = true
    private var phase = Phase.statusLine
    private var isHTTP11 = true
    private var line: [UInt8] = []
    private var headBytes = 0

    init(maxBodyBytes: Int, bodiless: Bool = false) {
        self.maxBodyBytes = maxBodyBytes
        self.bodiless = bodiless
    }

    var isComplete: Bool { phase == .complete }

    /// Reads from `input` until the response is complete or the input runs out; returns how many bytes it took.
    mutating func consume(_ input: UnsafeRawBufferPointer) throws(Failure) -> Int {
        var offset = 0
        while offset < input.count {
            switch phase {
            case .statusLine, .headers, .chunkSize, .chunkEnd, .trailers:
                guard try takeLine(input, &offset) else { return offset }
                try lineEnded()
                line.removeAll(keepingCapacity: true)
                if phase != .statusLine, phase != .headers { headBytes = 0 }
            case .body(let remaining):
                let take = min(remaining, input.count - offset)
                body.append(input.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, count: take)
                offset += take
                phase = take == remaining ? .complete : .body(remaining: remaining - take)
            case .chunkData(let remaining):
                let take = min(remaining, input.count - offset)
                body.append(input.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, count: take)
                offset += take
                phase = take == remaining ? .chunkEnd : .chunkData(remaining: remaining - take)
            case .untilClose:
                let take = input.count - offset
                guard body.count + take <= maxBodyBytes else { throw .tooLarge }
                body.append(input.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, count: take)
                offset += take
            case .complete:
                return offset
            }
        }
        return offset
    }

    /// The connection ended: completes a body read to the end, else fails with `truncated`.
    mutating func finish() throws(Failure) {
        switch phase {
        case .complete:
            return
        case .untilClose:
            phase = .complete
        default:
            throw .truncated
        }
    }

    // MARK: Lines

    /// Moves bytes up to the next LF into `line` (without CR LF); true when a whole line is there.
    ///
    /// The head, and each chunk line on its own, may take at most `maxHeadBytes`.
    private mutating func takeLine(_ input: UnsafeRawBufferPointer, _ offset: inout Int) throws(Failure) -> Bool {
        let start = input.baseAddress! + offset
        let available = input.count - offset
        let newline = memchr(start, 10, available).map { start.distance(to: UnsafeRawPointer($0)) }
        let take = newline.map { $0 + 1 } ?? available
        headBytes += take
        guard headBytes <= Self.maxHeadBytes else { throw .malformed }
        line.append(contentsOf: UnsafeRawBufferPointer(start: start, count: newline ?? available))
        offset += take
        guard newline != nil else { return false }
        if line.last == 13 { line.removeLast() }
        return true
    }

    private mutating func lineEnded() throws(Failure) {
        switch phase {
        case .statusLine:
            if line.isEmpty, status == 0 { return }
            try readStatusLine()
            // Room for a usual head's headers at once, instead of the table growing one rehash at a time.
            headers.reserveCapacity(8)
            phase = .headers
        case .headers:
            if line.isEmpty {
                try headEnded()
            } else {
                try readHeader()
            }
        case .chunkSize:
            let size = try chunkSize()
            if size == 0 {
                phase = .trailers
            } else {
                guard body.count + size <= maxBodyBytes else { throw .tooLarge }
                phase = .chunkData(remaining: size)
            }
        case .chunkEnd:
            guard line.isEmpty else { throw .malformed }
            phase = .chunkSize
        case .trailers:
            if line.isEmpty { phase = .complete }
        default:
            break
        }
    }

    /// `HTTP/1.x SSS reason`.
    private mutating func readStatusLine() throws(Failure) {
        guard line.count >= 12, line.starts(with: "HTTP/1.".utf8), line[8] == 32 else { throw .malformed }
        isHTTP11 = line[7] != UInt8(ascii: "0")
        var code = 0
        for index in 9..<12 {
            let digit = line[index] &- 48
            guard digit < 10 else { throw .malformed }
            code = code * 10 + Int(digit)
        }
        guard line.count == 12 || line[12] == 32, code >= 100 else { throw .malformed }
        status = code
    }

    private mutating func readHeader() throws(Failure) {
        if line.first == 32 || line.first == 9 {
            guard let last = lastHeader else { throw .malformed }
            headers[last, default: ""] += " " + String(decoding: trimmed(line[...]), as: UTF8.self)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { throw .malformed }
        for index in 0..<colon where line[index] &- 65 < 26 { line[index] |= 0x20 }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: trimmed(line[(colon + 1)...]), as: UTF8.self)
        if let existing = headers[name] {
            headers[name] = existing + ", " + value
        } else {
            headers[name] = value
        }
        lastHeader = name
    }

    private var lastHeader: String?

    private func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var bytes = bytes
        while let first = bytes.first, first == 32 || first == 9 { bytes.removeFirst() }
        while let last = bytes.last, last == 32 || last == 9 { bytes.removeLast() }
        return bytes
    }

    /// Decides what follows the head: another head after `1xx`, nothing, or a body framed one of three ways.
    private mutating func headEnded() throws(Failure) {
        if status < 200 {
            guard status != 101 else { throw .malformed }
            status = 0
            headers = [:]
            lastHeader = nil
            phase = .statusLine
            return
        }
        let connection = headers["connection"].map(Self.elements) ?? []
        keepAlive = isHTTP11 ? !connection.contains("close") : connection.contains("keep-alive")
        if bodiless || status == 204 || status == 304 {
            phase = .complete
            return
        }
        if let codings = headers["transfer-encoding"] {
            if Self.elements(codings).last == "chunked" {
                phase = .chunkSize
            } else {
                keepAlive = false
                phase = .untilClose
            }
            return
        }
        if let lengthText = headers["content-length"] {
            // Usually one plain number; a repeated header (joined with ", ") must repeat it.
            let length: Int
            if let plain = Self.decimal(lengthText) {
                length = plain
            } else {
                let values = Self.elements(lengthText)
                guard let first = values.first, values.allSatisfy({ $0 == first }), let repeated = Self.decimal(first) else { throw .malformed }
                length = repeated
            }
            guard length <= maxBodyBytes else { throw .tooLarge }
            if length == 0 {
                phase = .complete
            } else {
                body.reserveCapacity(length)
                phase = .body(remaining: length)
            }
            return
        }
        keepAlive = false
        phase = .untilClose
    }

    /// The comma-separated elements of a header value, without surrounding blanks, lowercased.
    static func elements(_ value: String) -> [String] {
        var elements: [String] = []
        var element: [UInt8] = []
        func flush() {
            while let last = element.last, last == 32 || last == 9 { element.removeLast() }
            elements.append(String(decoding: element, as: UTF8.self))
            element.removeAll(keepingCapacity: true)
        }
        for byte in value.utf8 {
            if byte == 44 {
                flush()
            } else if !element.isEmpty || (byte != 32 && byte != 9) {
                element.append(byte &- 65 < 26 ? byte | 0x20 : byte)
            }
        }
        flush()
        return elements
    }

    /// A non-negative decimal of at most 18 digits, or nil.
    private static func decimal(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18 else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte &- 48 < 10 else { return nil }
            value = value * 10 + Int(byte &- 48)
        }
        return value
    }

    /// A chunk-size line: hex digits, then optional `;extensions`.
    private func chunkSize() throws(Failure) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            let value: UInt8
            switch byte {
            case 48...57: value = byte - 48
            case 65...70: value = byte - 55
            case 97...102: value = byte - 87
            case 59, 32, 9:
                guard digits > 0 else { throw .malformed }
                return size
            default: throw .malformed
            }
            digits += 1
            guard digits <= 15 else { throw .malformed }
            size = size << 4 | Int(value)
        }
        guard digits > 0 else { throw .malformed }
        return size
    }
}
