/// Roman numerals from `I` to `MMMCMXCIX`, in canonical form only (`IV`, never `IIII`).
public enum RomanNumeral {
    private static let symbols: [(text: String, value: Int)] = [
        ("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90),
        ("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1),
    ]

    /// The value of a canonical numeral written all in capitals or all in lower case.
    public static func read(_ text: String) -> (value: Int, uppercase: Bool)? {
        guard !text.isEmpty, text.count <= 15 else { return nil }
        let uppercase: Bool
        if text.allSatisfy({ "IVXLCDM".contains($0) }) {
            uppercase = true
        } else if text.allSatisfy({ "ivxlcdm".contains($0) }) {
            uppercase = false
        } else {
            return nil
        }
        let upper = text.uppercased()
        var value = 0
        var rest = Substring(upper)
        for symbol in symbols {
            while rest.hasPrefix(symbol.text) {
                value += symbol.value
                rest = rest.dropFirst(symbol.text.count)
            }
        }
        guard rest.isEmpty, (1...3999).contains(value), write(value) == upper else { return nil }
        return (value, uppercase)
    }

    /// The canonical numeral of a value from 1 to 3999; nil outside that range.
    public static func write(_ value: Int, uppercase: Bool = true) -> String? {
        guard (1...3999).contains(value) else { return nil }
        var rest = value
        var text = ""
        for symbol in symbols {
            while rest >= symbol.value {
                text += symbol.text
                rest -= symbol.value
            }
        }
        return uppercase ? text : text.lowercased()
    }
}
