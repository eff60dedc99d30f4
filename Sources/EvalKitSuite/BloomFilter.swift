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
            probes.positions(bits: words.count * 64).allSatisfy { words[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
        }

        mutating func insert(_ probes: Probes) {
            for position in probes.positions(bits: words.count * 64) { words[position >> 6] |= 1 << UInt64(position & 63) }
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

        func positions(bits: Int) -> [Int] {
            (0..<8).map { Int((first &+ UInt64($0) &* step) % UInt64(bits)) }
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
