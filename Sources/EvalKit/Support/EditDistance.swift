/// Levenshtein distance over Unicode scalars, and the "did you mean" built on it.
public enum EditDistance {
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// 1 − distance / longer length; 1 for two empty strings.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let longer = max(a.unicodeScalars.count, b.unicodeScalars.count)
        guard longer > 0 else { return 1 }
        return 1 - Double(distance(a, b)) / Double(longer)
    }

    /// The candidate closest to `word`, when it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(2, word.count / 3)
        return best.1 <= allowed ? best.0 : nil
    }

    /// `"; did you mean 'x'? (valid: a, b, x)"`, or without the question when no name is close:
    /// the end of a message about an unknown name, listing every valid one.
    public static func suggestion(_ word: String, in candidates: [String]) -> String {
        let hint = closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
        return hint + " (valid: " + candidates.joined(separator: ", ") + ")"
    }

    /// `" (did you mean 'x'?)"` or `""`, ready to append to a message.
    public static func didYouMean(_ word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
