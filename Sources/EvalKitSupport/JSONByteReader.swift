/// A forward reader over the UTF-8 bytes of a JSON document, for the few fields a provider takes
/// from each answer of a large run: no tree, no marks, no String for what it skips.
///
/// It is strict (RFC 8259, as `JSONNode` reads it) and gives up with nil on anything it does not
/// read itself — a key written with escapes, nesting deeper than 512 — so a caller that gets nil
/// reads the document with `JSONNode` instead, which explains what is wrong. The caller checks
/// that the bytes are UTF-8 (`isUTF8`) before trusting any string it reads.
public struct JSONByteReader {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    /// A reader of `bytes`, which must outlive it.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Whether the bytes are well-formed UTF-8.
    public static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
    }

    /// Whether a key `object` handed over is `name`.
    public static func key(_ key: UnsafeRawBufferPointer, is name: StaticString) -> Bool {
        key.elementsEqual(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard current == byte else { return false }
        index += 1
        return true
    }

    /// True when only whitespace is left.
    public mutating func atEnd() -> Bool {
        skipSpace()
        return index == bytes.count
    }

    /// Where the next value starts, as an offset into the bytes.
    public mutating func valueOffset() -> Int {
        skipSpace()
        return index
    }

    /// Reads `true` or `false`; nil when the next value is neither.
    public mutating func boolean() -> Bool? {
        skipSpace()
        if word([0x74, 0x72, 0x75, 0x65]) { return true }
        if word([0x66, 0x61, 0x6C, 0x73, 0x65]) { return false }
        return nil
    }

    /// True, and the `null` consumed, when the next value is null.
    public mutating func null() -> Bool {
        skipSpace()
        guard index + 4 <= bytes.count, bytes[index] == 0x6E, bytes[index + 1] == 0x75, bytes[index + 2] == 0x6C, bytes[index + 3] == 0x6C else { return false }
        index += 4
        return true
    }

    /// Reads an object, handing each key (its raw bytes: keys with escapes give up) to `member`,
    /// which must read the value and return false to give up. False when the object is not read,
    /// or when a key repeats.
    public mutating func object(_ member: (inout JSONByteReader, UnsafeRawBufferPointer) -> Bool) -> Bool {
        guard take(0x7B) else { return false }
        var keys: [UnsafeRawBufferPointer] = []
        if take(0x7D) { return true }
        repeat {
            guard take(0x22) else { return false }
            let start = index
            while let byte = current, byte != 0x22 {
                guard byte >= 0x20, byte != 0x5C else { return false }
                index += 1
            }
            guard current == 0x22 else { return false }
            let key = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
            index += 1
            guard !keys.contains(where: { $0.elementsEqual(key) }), take(0x3A) else { return false }
            keys.append(key)
            guard member(&self, key) else { return false }
        } while take(0x2C)
        return take(0x7D)
    }

    /// Reads an array, calling `element` to read each element; false when it is not read.
    public mutating func array(_ element: (inout JSONByteReader) -> Bool) -> Bool {
        guard take(0x5B) else { return false }
        if take(0x5D) { return true }
        repeat {
            guard element(&self) else { return false }
        } while take(0x2C)
        return take(0x5D)
    }

    /// Reads a string; nil when the next value is not one.
    public mutating func string() -> String? {
        skipSpace()
        guard current == 0x22 else { return nil }
        index += 1
        let start = index
        while let byte = current, byte != 0x22, byte != 0x5C, byte >= 0x20 { index += 1 }
        if current == 0x22 {
            defer { index += 1 }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }
        var out = Array(bytes[start..<index])
        while let byte = current {
            index += 1
            switch byte {
            case 0x22: return String(decoding: out, as: UTF8.self)
            case 0x5C:
                guard let escaped = current else { return nil }
                index += 1
                switch escaped {
                case 0x22, 0x5C, 0x2F: out.append(escaped)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var code = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(code) {
                        guard current == 0x5C, index + 1 < bytes.count, bytes[index + 1] == 0x75 else { return nil }
                        index += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    out.append(contentsOf: String(scalar).utf8)
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                out.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            code = code * 16 + UInt32(digit)
            index += 1
        }
        return code
    }

    /// Reads a number and returns its text as written; nil when the next value is not one.
    public mutating func number() -> String? {
        skipSpace()
        let start = index
        if current == 0x2D { index += 1 }
        guard let first = current, (0x30...0x39).contains(first) else { return nil }
        if first == 0x30 { index += 1 } else { digits() }
        if current == 0x2E {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if current == 0x65 || current == 0x45 {
            index += 1
            if current == 0x2B || current == 0x2D { index += 1 }
            guard digits() > 0 else { return nil }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    @discardableResult
    private mutating func digits() -> Int {
        let start = index
        while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
        return index - start
    }

    /// Reads any value and discards it; false when it is not well-formed.
    public mutating func skip(depth: Int = 0) -> Bool {
        guard depth < 512 else { return false }
        skipSpace()
        switch current {
        case 0x7B:
            // Keys may repeat in a value that is skipped, as `JSONNode` allows.
            index += 1
            if take(0x7D) { return true }
            repeat {
                guard string() != nil, take(0x3A), skip(depth: depth + 1) else { return false }
            } while take(0x2C)
            return take(0x7D)
        case 0x5B: return array { $0.skip(depth: depth + 1) }
        case 0x22: return string() != nil
        case 0x74: return word([0x74, 0x72, 0x75, 0x65])
        case 0x66: return word([0x66, 0x61, 0x6C, 0x73, 0x65])
        case 0x6E: return null()
        default: return number() != nil
        }
    }

    private mutating func word(_ letters: [UInt8]) -> Bool {
        guard index + letters.count <= bytes.count, bytes[index..<index + letters.count].elementsEqual(letters) else { return false }
        index += letters.count
        return true
    }
}
