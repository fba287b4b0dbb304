// @@TAG@@
// Compiles for as long as the compiler is let: each constant below costs g++ about a second of constant evaluation
// (under its per-expression operation limit, so no error ends it early), and there are a thousand of them. The tag
// above makes every request a new source, which no cache has seen.
#include <utility>

constexpr unsigned long long spin(unsigned long long seed) {
    unsigned long long sum = seed;
    for (unsigned long long i = 0; i < 100; ++i) {
        for (unsigned long long j = 0; j < 10000; ++j) {
            sum += i ^ j ^ seed;
        }
    }
    return sum;
}

template <unsigned long long K>
constexpr unsigned long long value = spin(K);

template <unsigned long long... K>
constexpr unsigned long long total(std::integer_sequence<unsigned long long, K...>) {
    return (value<K> + ...);
}

int main() {
    constexpr unsigned long long all = total(std::make_integer_sequence<unsigned long long, 1000>{});
    return static_cast<int>(all & 1);
}
