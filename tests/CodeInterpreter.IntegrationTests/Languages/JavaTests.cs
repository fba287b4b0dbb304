namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>
/// Java as models write it: any public class name, an optional package line, helper classes beside the one with
/// <c>main</c>. None of it may need a particular file name from the caller, and no .class file is an output.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class JavaTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    [LanguageTheory]
    [InlineData("Main")]
    [InlineData("Solution")]
    [InlineData("Foo")]
    public async Task Exec_PublicClassOfAnyName_Runs(string className)
    {
        var code = $$"""
            public class {{className}} {
                public static void main(String[] args) {
                    System.out.println("{{className}} " + String.join("|", args));
                }
            }
            """;

        var reply = await ExecJavaAsync(code, "x", "y z");

        reply.AssertRan($"{className} x|y z\n");
        Assert.Empty(reply.Files());
    }

    [LanguageFact]
    public async Task Exec_PackageLine_Runs()
    {
        const string Code = """
            package com.example.app;

            import java.util.List;

            public class Solution {
                public static void main(String[] args) {
                    System.out.println(Solution.class.getName() + " " + List.of(1, 2, 3).size());
                }
            }
            """;

        var reply = await ExecJavaAsync(Code);

        reply.AssertRan("com.example.app.Solution 3\n");
        Assert.Empty(reply.Files());
    }

    [LanguageFact]
    public async Task Exec_HelperClassesBeforeMainClass_MainClassRuns()
    {
        const string Code = """
            import java.util.ArrayList;
            import java.util.List;

            interface Shape {
                int area();
            }

            class Rect implements Shape {
                private final int w, h;
                Rect(int w, int h) { this.w = w; this.h = h; }
                public int area() { return w * h; }
            }

            class Helper {
                static int twice(int x) { return 2 * x; }
            }

            public class Foo {
                public static void main(String[] args) {
                    List<Shape> shapes = new ArrayList<>();
                    shapes.add(new Rect(3, 4));
                    System.out.println(Helper.twice(21) + " " + shapes.get(0).area());
                }
            }
            """;

        var reply = await ExecJavaAsync(Code);

        reply.AssertRan("42 12\n");
        Assert.Empty(reply.Files());
    }

    [LanguageFact]
    public async Task Exec_PackageAndSeveralClasses_Runs()
    {
        const string Code = """
            package org.demo;

            class Counter {
                private int n;
                void inc() { n++; }
                int get() { return n; }
            }

            public class Main {
                public static void main(String[] args) {
                    Counter c = new Counter();
                    for (int i = 0; i < 5; i++) c.inc();
                    System.out.println(c.get());
                }
            }
            """;

        var reply = await ExecJavaAsync(Code);

        reply.AssertRan("5\n");
    }

    private async Task<JsonObject> ExecJavaAsync(string code, params string[] args)
    {
        await LanguageAvailability.RequireAsync(Client, "java");
        var body = ServiceApi.ExecBody("java", code);
        body["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]);
        return await Client.ExecAsync(body);
    }
}
