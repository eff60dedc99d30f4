/// Levenshtein distance over Unicode scalars, and the "did you mean" built on it.
public enum EditDistance {
    /// What a bounded computation of the distance found.
    public enum Bounded: Equatable {
        /// The distance, at most the bound.
        case exactly(Int)
        /// The distance is larger than the bound.
        case beyond
        /// `stop` asked to give up before the distance was known.
        case stopped
    }

    public static func distance(_ a: String, _ b: String) -> Int {
        let a = scalars(a), b = scalars(b)
        guard case .exactly(let distance) = distance(a, b, atMost: max(a.count, b.count), stop: { false }) else {
            preconditionFailure("a distance bounded by the longer length is always found")
        }
        return distance
    }

    /// 1 − distance / longer length; 1 for two empty strings.
    public static func similarity(_ a: String, _ b: String) -> Double {
        let longer = max(a.unicodeScalars.count, b.unicodeScalars.count)
        guard longer > 0 else { return 1 }
        return 1 - Double(distance(a, b)) / Double(longer)
    }

    /// The scalar values of a text, the units the distance counts.
    public static func scalars(_ text: String) -> [UInt32] {
        text.unicodeScalars.map(\.value)
    }

    /// The distance between `a` and `b` when it is at most `bound`.
    ///
    /// Ukkonen's cut-off: a common prefix and suffix are set aside, and only the cells of the
    /// table that a path of cost `bound` or less can cross are computed, a band of about
    /// `bound + 1` diagonals; a row whose cells all exceed `bound` ends the computation. Bounds
    /// from 64 up, doubling, are tried first, so close texts cost time in proportion to their
    /// distance rather than to `bound`. `stop` is polled every few thousand cells.
    public static func distance(_ a: [UInt32], _ b: [UInt32], atMost bound: Int, stop: () -> Bool) -> Bounded {
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] {
            endA -= 1
            endB -= 1
        }
        // Rows follow the longer text, columns the shorter.
        let (rows, columns) = endA - start >= endB - start ? (a[start..<endA], b[start..<endB]) : (b[start..<endB], a[start..<endA])
        let skew = rows.count - columns.count
        guard skew <= bound else { return .beyond }
        if columns.isEmpty { return .exactly(rows.count) }
        let bound = min(bound, rows.count)
        var attempt = min(bound, max(64, 2 * skew))
        while true {
            let found = banded(rows, columns, atMost: attempt, stop: stop)
            if found != .beyond || attempt == bound { return found }
            attempt = min(bound, 2 * attempt)
        }
    }

    /// `distance(_:_:atMost:stop:)` once the affixes are gone: `rows` at least as long as
    /// `columns`, which is not empty, and `bound` from the length difference to the longer length.
    private static func banded(_ rows: ArraySlice<UInt32>, _ columns: ArraySlice<UInt32>, atMost bound: Int, stop: () -> Bool) -> Bounded {
        let n = rows.count, m = columns.count, skew = n - m
        // A cell on diagonal d = i − j lies on a path costing at least |d| + |skew − d|.
        let lowest = max(-m, -((bound - skew) / 2)), highest = min(n, (bound + skew) / 2)
        let infinity = Int32(bound + 1)
        // Rows i − 1 and i of the table, by column j in 0...m, and infinity past the band.
        var previousRow = [Int32](repeating: infinity, count: m + 2)
        var currentRow = [Int32](repeating: infinity, count: m + 2)
        for j in 0...min(m, -lowest) { previousRow[j] = Int32(j) }
        return rows.withUnsafeBufferPointer { rows in
            columns.withUnsafeBufferPointer { columns in
                previousRow.withUnsafeMutableBufferPointer { previousRow in
                    currentRow.withUnsafeMutableBufferPointer { currentRow in
                        var previous = previousRow, current = currentRow
                        var cellsSinceCheck = 0
                        for i in 1...n {
                            let first = max(1, i - highest), last = min(m, i - lowest)
                            var left = first == 1 && i <= highest ? Int32(i) : infinity
                            current[first - 1] = left
                            var rowMinimum = left
                            let scalar = rows[i - 1]
                            for j in first...last {
                                let substitution = previous[j - 1] + (columns[j - 1] == scalar ? 0 : 1)
                                let value = min(substitution, previous[j] + 1, left + 1, infinity)
                                current[j] = value
                                left = value
                                rowMinimum = min(rowMinimum, value)
                            }
                            current[last + 1] = infinity
                            if rowMinimum == infinity { return .beyond }
                            swap(&previous, &current)
                            cellsSinceCheck += last - first + 1
                            if cellsSinceCheck >= 1 << 16 {
                                cellsSinceCheck = 0
                                if stop() { return .stopped }
                            }
                        }
                        let distance = Int(previous[m])
                        return distance <= bound ? .exactly(distance) : .beyond
                    }
                }
            }
        }
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
