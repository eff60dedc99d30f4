/// The shortest edit script between two sequences (Myers' O(ND) algorithm), with bounded work.
///
/// Common leading and trailing elements are matched first. The search for the shortest script in
/// what remains stops after a number of edits that keeps time and memory small even for long
/// inputs; past it, the remaining middle is reported as deleted and inserted whole, which is
/// still a correct (if longer) script.
public enum LineDiff {
    /// One step of an edit script, with indexes into the old and new sequences.
    public enum Op: Equatable {
        case equal(Int, Int)
        case delete(Int)
        case insert(Int)
    }

    /// The edit script turning `old` into `new`; within each run of changes, deletions come first.
    public static func script<Element: Hashable>(_ old: [Element], _ new: [Element]) -> [Op] {
        // Compare small integers rather than whole lines.
        var ids: [Element: Int] = [:]
        let a = old.map { element in ids[element] ?? { ids[element] = ids.count; return ids.count - 1 }() }
        let b = new.map { element in ids[element] ?? { ids[element] = ids.count; return ids.count - 1 }() }

        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }

        var ops: [Op] = (0..<prefix).map { .equal($0, $0) }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        for op in middle(middleA, middleB) {
            switch op {
            case .equal(let x, let y): ops.append(.equal(x + prefix, y + prefix))
            case .delete(let x): ops.append(.delete(x + prefix))
            case .insert(let y): ops.append(.insert(y + prefix))
            }
        }
        for offset in 0..<suffix {
            ops.append(.equal(a.count - suffix + offset, b.count - suffix + offset))
        }
        return deletionsFirst(ops)
    }

    /// The most edits searched for: enough for any diff a person reads, bounded so that the work,
    /// about (n + m) × edits, and the memory, about edits², stay small.
    public static func editLimit(_ n: Int, _ m: Int) -> Int {
        let total = max(1, n + m)
        return min(total, max(100, min(1000, 10_000_000 / total)))
    }

    private static func middle(_ a: [Int], _ b: [Int]) -> [Op] {
        let n = a.count, m = b.count
        if n == 0 { return (0..<m).map { .insert($0) } }
        if m == 0 { return (0..<n).map { .delete($0) } }
        let limit = editLimit(n, m)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d] holds the furthest x on each diagonal k in -d...d after d edits.
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    trace.append(Array(v[(offset - d)...(offset + d)]))
                    found = true
                    break search
                }
            }
            trace.append(Array(v[(offset - d)...(offset + d)]))
        }
        guard found else {
            return (0..<n).map { .delete($0) } + (0..<m).map { .insert($0) }
        }

        var ops: [Op] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let k = x - y
            guard d > 0 else {
                while x > 0, y > 0 {
                    x -= 1
                    y -= 1
                    ops.append(.equal(x, y))
                }
                break
            }
            let previous = trace[d - 1]
            func at(_ diagonal: Int) -> Int { previous[diagonal + d - 1] }
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                ops.append(.equal(x, y))
            }
            if x == previousX {
                ops.append(.insert(previousY))
            } else {
                ops.append(.delete(previousX))
            }
            x = previousX
            y = previousY
        }
        return ops.reversed()
    }

    /// The script with each run of changes reordered so that its deletions precede its insertions.
    private static func deletionsFirst(_ ops: [Op]) -> [Op] {
        var result: [Op] = []
        var deletions: [Op] = []
        var insertions: [Op] = []
        func flush() {
            result += deletions
            result += insertions
            deletions.removeAll()
            insertions.removeAll()
        }
        for op in ops {
            switch op {
            case .equal: flush(); result.append(op)
            case .delete: deletions.append(op)
            case .insert: insertions.append(op)
            }
        }
        flush()
        return result
    }
}
