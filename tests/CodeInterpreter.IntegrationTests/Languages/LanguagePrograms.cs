namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>
/// One language's test programs, the same five for every language (piston's "one known answer per language",
/// widened): each is small, idiomatic, and needs nothing beyond the language's standard library.
/// </summary>
public sealed record LanguageProgram
{
    /// <summary>The contract code, as /health lists it and the reply's <c>language</c> names it.</summary>
    public required string Code { get; init; }

    /// <summary>Compiles in a sandbox run of its own first; a compile error answers status "CE".</summary>
    public required bool Compiled { get; init; }

    /// <summary>Prints the sum of 1..10: exactly "55\n".</summary>
    public required string Sum { get; init; }

    /// <summary>Prints each argument after the program name on its own line.</summary>
    public required string EchoArgs { get; init; }

    /// <summary>Writes <see cref="LanguagePrograms.OutTxtContent"/> to out.txt in the working directory.</summary>
    public required string WriteFile { get; init; }

    /// <summary>A compile error (compiled languages) or a syntax error (interpreted ones).</summary>
    public required string CompileError { get; init; }

    /// <summary>Text the compiler's or parser's diagnostic contains.</summary>
    public required string CompileErrorMarker { get; init; }

    /// <summary>Fails while running and exits with a non-zero code (no signal).</summary>
    public required string RuntimeError { get; init; }

    /// <summary>Text the runtime's error message contains.</summary>
    public required string RuntimeErrorMarker { get; init; }

    public override string ToString() => Code;
}

/// <summary>The table: every language the service runs, in the contract's order.</summary>
public static class LanguagePrograms
{
    public const string OutTxtContent = "alpha,beta\n1,2\n";

    public static IReadOnlyList<LanguageProgram> All { get; } =
    [
        new()
        {
            Code = "py",
            Compiled = false,
            Sum = "print(sum(range(1, 11)))",
            EchoArgs = """
                import sys
                for arg in sys.argv[1:]:
                    print(arg)
                """,
            WriteFile = """
                with open('out.txt', 'w') as f:
                    f.write('alpha,beta\n1,2\n')
                """,
            CompileError = """
                def broken(:
                    pass
                """,
            CompileErrorMarker = "SyntaxError",
            RuntimeError = """
                counts = {}
                print(counts['missing'])
                """,
            RuntimeErrorMarker = "KeyError",
        },
        new()
        {
            Code = "js",
            Compiled = false,
            Sum = """
                let sum = 0;
                for (let i = 1; i <= 10; i++) sum += i;
                console.log(sum);
                """,
            EchoArgs = "for (const arg of process.argv.slice(2)) console.log(arg);",
            WriteFile = "require('fs').writeFileSync('out.txt', 'alpha,beta\\n1,2\\n');",
            CompileError = "function broken( {",
            CompileErrorMarker = "SyntaxError",
            RuntimeError = """
                const box = null;
                console.log(box.value);
                """,
            RuntimeErrorMarker = "TypeError",
        },
        new()
        {
            Code = "ts",
            Compiled = true,
            Sum = """
                const xs: number[] = Array.from({ length: 10 }, (_, i: number) => i + 1);
                const total: number = xs.reduce((a: number, b: number) => a + b, 0);
                console.log(total);
                """,
            EchoArgs = """
                const args: string[] = process.argv.slice(2);
                for (const arg of args) console.log(arg);
                """,
            WriteFile = """
                import { writeFileSync } from 'fs';
                const text: string = 'alpha,beta\n1,2\n';
                writeFileSync('out.txt', text);
                """,
            // esbuild strips types without checking them: only a syntax error fails the compile step.
            CompileError = "const x: number = (1 + ;",
            CompileErrorMarker = "Unexpected",
            RuntimeError = """
                interface Box { value: number }
                const box = null as Box | null;
                console.log(box!.value);
                """,
            RuntimeErrorMarker = "TypeError",
        },
        new()
        {
            Code = "c",
            Compiled = true,
            Sum = """
                #include <stdio.h>

                int main(void) {
                    int sum = 0;
                    for (int i = 1; i <= 10; i++) sum += i;
                    printf("%d\n", sum);
                    return 0;
                }
                """,
            EchoArgs = """
                #include <stdio.h>

                int main(int argc, char **argv) {
                    for (int i = 1; i < argc; i++) puts(argv[i]);
                    return 0;
                }
                """,
            WriteFile = """
                #include <stdio.h>

                int main(void) {
                    FILE *f = fopen("out.txt", "w");
                    if (!f) return 1;
                    fputs("alpha,beta\n1,2\n", f);
                    return fclose(f) == 0 ? 0 : 1;
                }
                """,
            CompileError = """
                int main(void) {
                    return undeclared_thing;
                }
                """,
            CompileErrorMarker = "undeclared_thing",
            RuntimeError = """
                #include <stdio.h>

                int main(void) {
                    FILE *f = fopen("/nonexistent/input.txt", "r");
                    if (!f) {
                        perror("fopen /nonexistent/input.txt");
                        return 2;
                    }
                    return 0;
                }
                """,
            RuntimeErrorMarker = "No such file or directory",
        },
        new()
        {
            Code = "cpp",
            Compiled = true,
            Sum = """
                #include <iostream>
                #include <numeric>
                #include <vector>

                int main() {
                    std::vector<int> xs(10);
                    std::iota(xs.begin(), xs.end(), 1);
                    std::cout << std::accumulate(xs.begin(), xs.end(), 0) << std::endl;
                }
                """,
            EchoArgs = """
                #include <iostream>

                int main(int argc, char **argv) {
                    for (int i = 1; i < argc; ++i) std::cout << argv[i] << '\n';
                }
                """,
            WriteFile = """
                #include <fstream>

                int main() {
                    std::ofstream out("out.txt");
                    out << "alpha,beta\n1,2\n";
                    return out.good() ? 0 : 1;
                }
                """,
            CompileError = """
                #include <iostream>

                int main() {
                    std::cout << undeclared_thing << std::endl;
                }
                """,
            CompileErrorMarker = "undeclared_thing",
            RuntimeError = """
                #include <iostream>
                #include <stdexcept>
                #include <vector>

                int main(int argc, char **) {
                    std::vector<int> xs(1);
                    try {
                        std::cout << xs.at(argc + 4) << std::endl;
                    } catch (const std::out_of_range &e) {
                        std::cerr << "out_of_range: " << e.what() << std::endl;
                        return 1;
                    }
                }
                """,
            RuntimeErrorMarker = "out_of_range",
        },
        new()
        {
            Code = "java",
            Compiled = true,
            Sum = """
                public class Main {
                    public static void main(String[] args) {
                        int sum = 0;
                        for (int i = 1; i <= 10; i++) sum += i;
                        System.out.println(sum);
                    }
                }
                """,
            EchoArgs = """
                public class Main {
                    public static void main(String[] args) {
                        for (String arg : args) System.out.println(arg);
                    }
                }
                """,
            WriteFile = """
                import java.nio.file.Files;
                import java.nio.file.Path;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        Files.writeString(Path.of("out.txt"), "alpha,beta\n1,2\n");
                    }
                }
                """,
            CompileError = """
                public class Main {
                    public static void main(String[] args) {
                        System.out.println(undeclared_thing);
                    }
                }
                """,
            CompileErrorMarker = "undeclared_thing",
            RuntimeError = """
                public class Main {
                    public static void main(String[] args) {
                        int[] xs = new int[1];
                        System.out.println(xs[args.length + 4]);
                    }
                }
                """,
            RuntimeErrorMarker = "ArrayIndexOutOfBoundsException",
        },
        new()
        {
            Code = "php",
            Compiled = false,
            Sum = """
                <?php
                $sum = 0;
                for ($i = 1; $i <= 10; $i++) {
                    $sum += $i;
                }
                echo $sum, "\n";
                """,
            EchoArgs = """
                <?php
                foreach (array_slice($argv, 1) as $arg) {
                    echo $arg, "\n";
                }
                """,
            WriteFile = """
                <?php
                file_put_contents('out.txt', "alpha,beta\n1,2\n");
                """,
            CompileError = """
                <?php
                echo "a"
                echo "b";
                """,
            CompileErrorMarker = "syntax error",
            RuntimeError = """
                <?php
                echo intdiv(1, 0), "\n";
                """,
            RuntimeErrorMarker = "DivisionByZeroError",
        },
        new()
        {
            Code = "rs",
            Compiled = true,
            Sum = """
                fn main() {
                    let sum: i32 = (1..=10).sum();
                    println!("{}", sum);
                }
                """,
            EchoArgs = """
                fn main() {
                    for arg in std::env::args().skip(1) {
                        println!("{}", arg);
                    }
                }
                """,
            WriteFile = """
                fn main() {
                    std::fs::write("out.txt", "alpha,beta\n1,2\n").expect("write out.txt");
                }
                """,
            CompileError = """
                fn main() {
                    println!("{}", undeclared_thing);
                }
                """,
            CompileErrorMarker = "undeclared_thing",
            RuntimeError = """
                fn main() {
                    let xs: Vec<i32> = Vec::new();
                    let i = std::env::args().count() + 4;
                    println!("{}", xs[i]);
                }
                """,
            RuntimeErrorMarker = "panicked",
        },
        new()
        {
            Code = "go",
            Compiled = true,
            Sum = """
                package main

                import "fmt"

                func main() {
                    sum := 0
                    for i := 1; i <= 10; i++ {
                        sum += i
                    }
                    fmt.Println(sum)
                }
                """,
            EchoArgs = """
                package main

                import (
                    "fmt"
                    "os"
                )

                func main() {
                    for _, arg := range os.Args[1:] {
                        fmt.Println(arg)
                    }
                }
                """,
            WriteFile = """
                package main

                import "os"

                func main() {
                    if err := os.WriteFile("out.txt", []byte("alpha,beta\n1,2\n"), 0o644); err != nil {
                        panic(err)
                    }
                }
                """,
            CompileError = """
                package main

                import "fmt"

                func main() {
                    fmt.Println(undeclared_thing)
                }
                """,
            CompileErrorMarker = "undeclared_thing",
            RuntimeError = """
                package main

                func main() {
                    var counts map[string]int
                    counts["missing"] = 1
                }
                """,
            RuntimeErrorMarker = "panic",
        },
        new()
        {
            Code = "d",
            Compiled = true,
            Sum = """
                import std.algorithm : sum;
                import std.range : iota;
                import std.stdio : writeln;

                void main() {
                    writeln(iota(1, 11).sum);
                }
                """,
            EchoArgs = """
                import std.stdio : writeln;

                void main(string[] args) {
                    foreach (arg; args[1 .. $]) writeln(arg);
                }
                """,
            WriteFile = """
                import std.file : write;

                void main() {
                    write("out.txt", "alpha,beta\n1,2\n");
                }
                """,
            CompileError = """
                import std.stdio : writeln;

                void main() {
                    writeln(undeclared_thing);
                }
                """,
            CompileErrorMarker = "undeclared_thing",
            RuntimeError = """
                import std.conv : to;
                import std.stdio : writeln;

                void main() {
                    writeln(to!int("nine"));
                }
                """,
            RuntimeErrorMarker = "ConvException",
        },
        new()
        {
            Code = "f90",
            Compiled = true,
            Sum = """
                program sum_to_ten
                  implicit none
                  integer :: i, total
                  total = 0
                  do i = 1, 10
                    total = total + i
                  end do
                  write (*, '(I0)') total
                end program sum_to_ten
                """,
            EchoArgs = """
                program echo_args
                  implicit none
                  integer :: i
                  character(len=256) :: arg
                  do i = 1, command_argument_count()
                    call get_command_argument(i, arg)
                    write (*, '(A)') trim(arg)
                  end do
                end program echo_args
                """,
            WriteFile = """
                program write_file
                  implicit none
                  integer :: u
                  open (newunit=u, file='out.txt', status='replace', action='write')
                  write (u, '(A)') 'alpha,beta'
                  write (u, '(A)') '1,2'
                  close (u)
                end program write_file
                """,
            CompileError = """
                program broken
                  implicit none
                  write (*, *) undeclared_thing
                end program broken
                """,
            CompileErrorMarker = "undeclared_thing",
            RuntimeError = """
                program bad_read
                  implicit none
                  integer :: n
                  character(len=8) :: text = 'nine'
                  read (text, *) n
                  write (*, *) n
                end program bad_read
                """,
            RuntimeErrorMarker = "Fortran runtime error",
        },
        new()
        {
            Code = "r",
            Compiled = false,
            Sum = """cat(sum(1:10), "\n", sep = "")""",
            EchoArgs = """
                args <- commandArgs(trailingOnly = TRUE)
                for (arg in args) cat(arg, "\n", sep = "")
                """,
            WriteFile = """writeLines(c("alpha,beta", "1,2"), "out.txt")""",
            CompileError = "f <- function( {",
            CompileErrorMarker = "unexpected",
            RuntimeError = """
                x <- sqrt("nine")
                print(x)
                """,
            RuntimeErrorMarker = "non-numeric argument",
        },
        new()
        {
            Code = "bash",
            Compiled = false,
            Sum = """
                sum=0
                for i in $(seq 1 10); do sum=$((sum + i)); done
                echo "$sum"
                """,
            EchoArgs = """
                for arg in "$@"; do
                  echo "$arg"
                done
                """,
            WriteFile = """printf 'alpha,beta\n1,2\n' > out.txt""",
            CompileError = "if then fi",
            CompileErrorMarker = "syntax error",
            RuntimeError = "cat /nonexistent/input.txt",
            RuntimeErrorMarker = "No such file or directory",
        },
    ];

    /// <summary>Theory data: every language code.</summary>
    public static TheoryData<string> Codes => [.. All.Select(p => p.Code)];

    public static LanguageProgram Get(string code) => All.Single(p => p.Code == code);
}
