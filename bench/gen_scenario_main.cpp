// `gen_scenario [--nodes N] [--vars K] [--seed S]`: prints a generated scenario (1,000 to 50,000
// nodes is the intended range) to standard output.
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "gen_scenario.hpp"

int main(int argc, char** argv) {
    rapport::bench::GenOptions o;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--nodes"))
            o.nodes = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--vars"))
            o.vars = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seed"))
            o.seed = std::strtoull(argv[i + 1], nullptr, 10);
        else {
            std::cerr << "usage: gen_scenario [--nodes N] [--vars K] [--seed S]\n";
            return 2;
        }
    }
    if (o.nodes < 4 || o.nodes > 1'000'000 || o.vars < 0 || o.vars > 50) {
        std::cerr << "gen_scenario: --nodes takes 4 to 1000000, --vars 0 to 50\n";
        return 2;
    }
    std::cout << rapport::bench::generate_scenario(o);
}
