import EvalKitSupport

/// The latencies of a target's cases, kept to give their exact nearest-rank percentiles without
/// holding a million of them (SPEC §11).
///
/// Up to `heldLimit` values are held; past that, all of them go to a spool file, and a count per
/// narrow range of values (the value's sign, exponent and 12 leading fraction bits: ranges a
/// 4096th of a power of two wide) is kept instead. A percentile then finds the range its rank
/// falls in from the counts, and reads the spool once for the values in that range alone.
struct LatencyRanks: Sendable {
    static let heldLimit = 1 << 16

    private var held: [Double] = []
    private var spool: SpoolFile?
    private var ranges: [UInt64: Int] = [:]
    private(set) var count = 0

    /// The range a value counts in; ranges are ordered as their values, for values of at least 0.
    private static func range(of value: Double) -> UInt64 {
        value.bitPattern >> 40
    }

    mutating func add(_ value: Double) {
        count += 1
        if spool == nil {
            held.append(value)
            guard held.count > Self.heldLimit, let file = try? SpoolFile() else { return }
            spool = file
            for value in held { record(value, in: file) }
            held = []
            return
        }
        if let spool { record(value, in: spool) }
    }

    private mutating func record(_ value: Double, in spool: SpoolFile) {
        // A latency is never below 0; one that were would count as 0, where ranges are ordered.
        let value = value > 0 ? value : 0
        ranges[Self.range(of: value), default: 0] += 1
        withUnsafeBytes(of: value.bitPattern.littleEndian) { try? spool.append($0) }
    }

    /// The nearest-rank percentiles `ps` (each in 0…1) of the values added, in the same order;
    /// nil for each when there are none.
    func percentiles(_ ps: [Double]) -> [Double?] {
        guard count > 0 else { return ps.map { _ in nil } }
        let ranks = ps.map { min(max(Int(($0 * Double(count)).rounded(.up)), 1), count) }
        guard let spool else {
            let sorted = held.sorted()
            return ranks.map { sorted[$0 - 1] }
        }
        // Each rank's range, and its rank among the values in that range.
        var wanted: [(range: UInt64, rank: Int)] = []
        let ordered = ranges.keys.sorted()
        for rank in ranks {
            var below = 0
            for range in ordered {
                let inRange = ranges[range] ?? 0
                if below + inRange >= rank {
                    wanted.append((range, rank - below))
                    break
                }
                below += inRange
            }
        }
        let keys = Set(wanted.map(\.range))
        var values: [UInt64: [Double]] = [:]
        do {
            try spool.flush()
            var pending: [UInt8] = []
            try spool.copy { chunk in
                pending.append(contentsOf: chunk)
                let whole = pending.count / 8 * 8
                pending.withUnsafeBytes { bytes in
                    for offset in stride(from: 0, to: whole, by: 8) {
                        let value = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                        let range = Self.range(of: value)
                        if keys.contains(range) { values[range, default: []].append(value) }
                    }
                }
                pending.removeFirst(whole)
            }
        } catch {
            // The spool could not be read back: the lower end of each rank's range.
            return wanted.map { Double(bitPattern: $0.range << 40) }
        }
        let sorted = values.mapValues { $0.sorted() }
        return wanted.map { sorted[$0.range]?[$0.rank - 1] }
    }
}
