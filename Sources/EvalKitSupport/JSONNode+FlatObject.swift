import YAMLLite

extension JSONNode {
    /// One JSON object whose values are all strings, numbers, booleans or null, on a line of ASCII
    /// text starting at `start`, read straight from its bytes: the usual JSONL dataset row, the
    /// same node `parse` gives. Nil for anything else (a nested value, a repeated key, text
    /// that is not ASCII, any error), which `parse` then reads and explains.
    public static func parseFlatObject(_ text: String, start: Mark) -> JSONNode? {
        var text = text
        return text.withUTF8 { bytes -> JSONNode? in
            guard let base = bytes.baseAddress, bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0A }) else { return nil }
            let raw = UnsafeRawBufferPointer(bytes)
            func mark(_ offset: Int) -> Mark { Mark(line: start.line, column: start.column + offset) }
            var reader = JSONByteReader(raw)
            let objectStart = reader.valueOffset()
            var members: [Member] = []
            let read = reader.object { reader, key in
                // The key's bytes start after its opening quote.
                let keyOffset = UnsafeRawPointer(key.baseAddress ?? UnsafeRawPointer(base)) - UnsafeRawPointer(base) - 1
                let valueOffset = reader.valueOffset()
                let kind: Kind
                if reader.null() {
                    kind = .null
                } else if let string = reader.string() {
                    kind = .string(string)
                } else if let boolean = reader.boolean() {
                    kind = .bool(boolean)
                } else if let number = reader.number() {
                    kind = .number(number)
                } else {
                    return false
                }
                members.append(Member(key: String(decoding: key, as: UTF8.self), keyMark: mark(keyOffset), value: JSONNode(kind: kind, mark: mark(valueOffset))))
                return true
            }
            guard read, reader.atEnd() else { return nil }
            return JSONNode(kind: .object(members), mark: mark(objectStart))
        }
    }
}
