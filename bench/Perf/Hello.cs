namespace CodeInterpreter.Bench;

/// <summary>Hello world in each measured language, and the data-science script.</summary>
internal sealed record Hello(string Lang, string Code, string SourceName)
{
    public static readonly IReadOnlyList<Hello> All =
    [
        new("py", "print('hello')", "main.py"),
        new("js", "console.log('hello')", "main.js"),
        new("ts", "const greeting: string = 'hello';\nconsole.log(greeting);", "main.ts"),
        new("bash", "echo hello", "main.sh"),
        new("php", "<?php echo \"hello\\n\";", "main.php"),
        new("r", "cat('hello\\n')", "main.R"),
        new("c", "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }", "main.c"),
        new("cpp", "#include <iostream>\nint main() { std::cout << \"hello\" << std::endl; }", "main.cpp"),
        new("rs", "fn main() { println!(\"hello\"); }", "main.rs"),
        new("go", "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"hello\") }", "main.go"),
        new("java", "public class Main { public static void main(String[] a) { System.out.println(\"hello\"); } }", "Main.java"),
    ];

    public const string DataScience = """
        import numpy as np
        import pandas as pd
        import matplotlib.pyplot as plt

        df = pd.DataFrame(np.random.default_rng(1).normal(size=(1000, 4)), columns=list("abcd"))
        print(df.describe())
        df.cumsum().plot()
        plt.savefig("plot.png")
        """;
}
