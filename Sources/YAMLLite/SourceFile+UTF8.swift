import Foundation

extension SourceFile {
    /// Decodes UTF-8 bytes into a source file; invalid UTF-8 is a diagnostic at the first bad byte
    /// (its line, and its column in scalars decoded so far on that line).
    public init(path: String, data: Data) throws(Diagnostic) {
        if let text = String(validating: data, as: UTF8.self) {
            self.init(path: path, text: text)
            return
        }
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var line = 1
        var column = 1
        var isFirst = true
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else if !(isFirst && scalar == "\u{FEFF}") {
                    column += 1
                }
                isFirst = false
            case .emptyInput:
                break decoding
            case .error:
                break decoding
            }
        }
        let byte = offset < data.count ? data[data.startIndex + offset] : 0
        let hex = String(byte, radix: 16, uppercase: true)
        let lossy = SourceFile(path: path, text: String(decoding: data, as: UTF8.self))
        throw lossy.diagnostic("the file is not valid UTF-8 (byte 0x\(hex.count < 2 ? "0" + hex : hex) cannot start or continue a character here)", at: Mark(line: line, column: column))
    }
}
