/// The substring tests behind `contains`, `not_contains`, `starts_with` and `ends_with`, on the trimmed output.
enum Affix {
    private static func prepared(_ output: String, _ needle: String, caseSensitive: Bool) -> (String, String) {
        let comparison = TextComparison(caseSensitive: caseSensitive)
        return (comparison.prepare(output), caseSensitive ? needle : needle.lowercased())
    }

    static func contains(_ output: String, _ needle: String, caseSensitive: Bool) -> Bool {
        let (haystack, needle) = prepared(output, needle, caseSensitive: caseSensitive)
        return needle.isEmpty || haystack.contains(needle)
    }

    static func startsWith(_ output: String, _ needle: String, caseSensitive: Bool) -> Bool {
        let (haystack, needle) = prepared(output, needle, caseSensitive: caseSensitive)
        return haystack.hasPrefix(needle)
    }

    static func endsWith(_ output: String, _ needle: String, caseSensitive: Bool) -> Bool {
        let (haystack, needle) = prepared(output, needle, caseSensitive: caseSensitive)
        return haystack.hasSuffix(needle)
    }
}
