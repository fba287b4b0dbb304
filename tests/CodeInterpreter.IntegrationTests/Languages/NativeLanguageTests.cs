namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>What the compiled native languages must accept: libm, C++17, Rust 2021, Go's standard library; and crashes.</summary>
[Collection(ServiceCollection.Name)]
public sealed class NativeLanguageTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    [LanguageFact]
    public async Task Exec_CMathFunctions_AreLinkedWithLibm()
    {
        // The argument is read at run time, so gcc cannot fold the calls away: without -lm this fails to link.
        const string Code = """
            #include <math.h>
            #include <stdio.h>
            #include <stdlib.h>

            int main(int argc, char **argv) {
                double x = argc > 1 ? atof(argv[1]) : 0.0;
                printf("%.6f %.6f %.6f\n", sqrt(x), cos(x), pow(x, 0.5));
                return 0;
            }
            """;

        var reply = await ExecAsync("c", Code, "2");

        reply.AssertRan("1.414214 -0.416147 1.414214\n");
    }

    [LanguageFact]
    public async Task Exec_CppSeventeenFeatures_Compile()
    {
        const string Code = """
            #include <cmath>
            #include <iostream>
            #include <map>
            #include <optional>
            #include <string>
            #include <string_view>
            #include <variant>

            std::optional<int> parse(std::string_view s) {
                if (s.empty()) return std::nullopt;
                return std::stoi(std::string(s));
            }

            template <typename... Ts>
            auto sum(Ts... xs) { return (xs + ... + 0); }

            int main() {
                std::map<std::string, int> ages{{"ada", 36}, {"alan", 41}};
                for (const auto &[name, age] : ages) std::cout << name << '=' << age << ' ';
                std::cout << '\n' << parse("42").value_or(-1) << ' ' << parse("").value_or(-1) << '\n';
                if constexpr (sizeof(int) >= 4) std::cout << sum(1, 2, 3) << '\n';
                std::variant<int, std::string> v = std::string("text");
                std::cout << std::get<std::string>(v) << ' ' << std::sqrt(16.0) << '\n';
            }
            """;

        var reply = await ExecAsync("cpp", Code);

        reply.AssertRan("ada=36 alan=41 \n42 -1\n6\ntext 4\n");
    }

    [LanguageFact]
    public async Task Exec_RustEdition2021_Compiles()
    {
        // Edition 2021 only: arrays iterate by value (|x: i32|) and TryInto is in the prelude (no `use`).
        const string Code = """
            use std::collections::HashMap;

            fn main() {
                let doubled: Vec<i32> = [1, 2, 3].into_iter().map(|x: i32| x * 2).collect();
                let small: u8 = 300_i32.try_into().unwrap_or(u8::MAX);
                let mut counts: HashMap<&str, i32> = HashMap::new();
                for word in "a b a".split_whitespace() {
                    *counts.entry(word).or_insert(0) += 1;
                }
                let name = "world";
                println!("{doubled:?} {small} hello {name} a={}", counts["a"]);
            }
            """;

        var reply = await ExecAsync("rs", Code);

        reply.AssertRan("[2, 4, 6] 255 hello world a=2\n");
    }

    [LanguageFact]
    public async Task Exec_GoStandardLibrary_Works()
    {
        const string Code = """
            package main

            import (
                "fmt"
                "os"
                "sort"
                "strings"
                "sync"
            )

            func main() {
                words := strings.Fields("pear apple fig")
                sort.Strings(words)
                fmt.Println(strings.ToUpper(strings.Join(words, ",")))
                fmt.Println(len(os.Args[1:]), os.Args[1])

                var wg sync.WaitGroup
                results := make(chan int, 4)
                for i := 1; i <= 4; i++ {
                    wg.Add(1)
                    go func(n int) { defer wg.Done(); results <- n }(i)
                }
                wg.Wait()
                close(results)
                sum := 0
                for n := range results {
                    sum += n
                }
                fmt.Println("sum", sum)
            }
            """;

        var reply = await ExecAsync("go", Code, "arg one");

        reply.AssertRan("APPLE,FIG,PEAR\n1 arg one\nsum 10\n");
    }

    [LanguageTheory]
    [InlineData("c", "int main(void) { volatile int *p = 0; *p = 1; return 0; }", "SIGSEGV", "")]
    [InlineData("cpp", "#include <stdexcept>\nint main() { throw std::runtime_error(\"boom\"); }", "SIGABRT", "boom")]
    public async Task Exec_NativeCrash_ReportsTheSignal(string lang, string code, string signal, string stderrMarker)
    {
        var reply = await ExecAsync(lang, code);

        Assert.Equal(signal, reply["run"].Str("signal"));
        Assert.Equal("SG", reply["run"].Str("status"));
        var stderr = reply.Str("stderr");
        Assert.False(string.IsNullOrWhiteSpace(stderr), reply.ToJsonString());
        Assert.Contains(stderrMarker, stderr, StringComparison.Ordinal);
        Assert.Empty(reply.Files());
    }

    [LanguageFact]
    public async Task Exec_CompileStep_SeesOnlyTheSource()
    {
        // The cache key holds the source alone, so the compiler must not see the run's input files: an uploaded
        // header cannot be included (it would otherwise be baked, stale, into a cached binary).
        const string Code = """
            #include <stdio.h>
            #include "uploaded_values.h"

            int main(void) { printf("%d\n", VALUE); return 0; }
            """;
        await LanguageAvailability.RequireAsync(Client, "c");
        var upload = await Client.UploadAsync("uploaded_values.h", "#define VALUE 42\n");
        var body = ServiceApi.ExecBody("c", Code);
        body["files"] = new JsonArray(new JsonObject
        {
            ["id"] = upload.Files()[0].Str("fileId"), ["session_id"] = upload.Str("session_id"), ["name"] = "uploaded_values.h",
        });

        var reply = await Client.ExecAsync(body);

        var missingHeader = reply.Str("stderr").Contains("uploaded_values.h", StringComparison.Ordinal);
        Assert.True(reply["status"]?.GetValue<string>() == "CE" && missingHeader,
            $"the compiler saw an input file: {reply.ToJsonString()}");
        Assert.Equal("", reply.Str("stdout"));
    }

    private async Task<JsonObject> ExecAsync(string lang, string code, params string[] args)
    {
        await LanguageAvailability.RequireAsync(Client, lang);
        var body = ServiceApi.ExecBody(lang, code);
        body["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]);
        return await Client.ExecAsync(body);
    }
}
