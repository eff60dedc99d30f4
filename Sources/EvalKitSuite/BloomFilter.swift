/// Remembers strings in a few bits each, to tell which of many may have been seen before
/// (SPEC §11: a streamed dataset's ids are checked for duplicates without holding them).
/// `insert` never misses a string inserted before; it may, rarely, suspect one that was not.
///
/// It grows in layers, each twice the size of the last, so it needs no count up front; with 16
/// bits and 8 probes a string per layer, a new string is wrongly suspected about once in 1,000.
struct BloomFilter {
    private var layers: [Layer] = [Layer(capacity: 1 << 14)]

    private struct Layer {
        let capacity: Int
        var count = 0
        var words: [UInt64]

        init(capacity: Int) {
            self.capacity = capacity
            words = Array(repeating: 0, count: capacity * 16 / 64)
        }

        func contains(_ probes: Probes) -> Bool {
            let bits = UInt64(words.count * 64)
            for probe in 0..<Probes.count {
                let position = Int(probes.position(probe, bits: bits))
                if words[position >> 6] & (1 << UInt64(position & 63)) == 0 { return false }
            }
            return true
        }

        mutating func insert(_ probes: Probes) {
            let bits = UInt64(words.count * 64)
            for probe in 0..<Probes.count {
                let position = Int(probes.position(probe, bits: bits))
                words[position >> 6] |= 1 << UInt64(position & 63)
            }
            count += 1
        }
    }

    /// A string's two hashes, from which its probe positions are made (double hashing).
    private struct Probes {
        let first: UInt64
        let step: UInt64

        init(_ text: String) {
            var hasher = Hasher()
            hasher.combine(text)
            let hash = UInt64(bitPattern: Int64(hasher.finalize()))
            first = hash
            step = (hash >> 32 | hash << 32) | 1
        }

        static let count = 8

        /// The bit that probe `probe` (from 0) tests among `bits`.
        func position(_ probe: Int, bits: UInt64) -> UInt64 {
            (first &+ UInt64(probe) &* step) % bits
        }
    }

    /// Adds `text`, returning whether it may have been added before.
    mutating func insert(_ text: String) -> Bool {
        let probes = Probes(text)
        if layers.contains(where: { $0.contains(probes) }) { return true }
        if layers[layers.count - 1].count >= layers[layers.count - 1].capacity {
            layers.append(Layer(capacity: layers[layers.count - 1].capacity * 2))
        }
        layers[layers.count - 1].insert(probes)
        return false
    }
}
