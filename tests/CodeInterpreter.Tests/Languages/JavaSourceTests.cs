using CodeInterpreter.Languages;

namespace CodeInterpreter.Tests.Languages;

public sealed class JavaSourceTests
{
    private static PreparedSource Prepare(string code) => LanguageCatalog.Default.Find("java")!.PrepareSource(code);

    [Theory]
    [InlineData("Main")]
    [InlineData("Solution")]
    [InlineData("Foo")]
    public void PublicClass_NamesTheFileAndIsTheEntry(string name)
    {
        var source = Prepare($"public class {name} {{ public static void main(String[] args) {{ }} }}");
        Assert.Equal((name + ".java", name), (source.FileName, source.EntryPoint));
    }

    [Theory]
    [InlineData('A', 300)]
    [InlineData('é', 126)]
    public void PublicClassNameTooLongForAFile_KeepsTheDefaultFileName(char letter, int length)
    {
        // Over 255 bytes with ".java": 301 ASCII characters, or 127 characters that are 253 bytes.
        var name = "C" + new string(letter, length);

        var source = Prepare($"public class {name} {{ public static void main(String[] args) {{ }} }}");

        Assert.Equal(("Main.java", name), (source.FileName, source.EntryPoint));
    }

    [Fact]
    public void PackageLine_QualifiesTheEntry()
    {
        var source = Prepare("package com.example.app;\n\npublic class App { public static void main(String[] a) {} }");
        Assert.Equal(("App.java", "com.example.app.App"), (source.FileName, source.EntryPoint));
    }

    [Fact]
    public void HelperClassesAndNestedTypes_DoNotHideTheMainClass()
    {
        var source = Prepare("""
            import java.util.*;
            class Helper { static int f() { return 1; } }
            record Point(int x, int y) {}
            public class Runner {
                static class Node { int v; }
                // public class Decoy { public static void main(String[] a) {} }
                static String s = "class Fake { static void main( }";
                public static void main(String[] args) { System.out.println(Helper.f()); }
            }
            """);
        Assert.Equal(("Runner.java", "Runner"), (source.FileName, source.EntryPoint));
    }

    [Fact]
    public void NoPublicClass_UsesMainJava_AndTheClassWithMain()
    {
        var source = Prepare("class A {}\nclass Program { public static void main(String[] a) {} }");
        Assert.Equal(("Main.java", "Program"), (source.FileName, source.EntryPoint));
    }

    [Fact]
    public void Blank_KeepsOffsetsAndLineBreaks()
    {
        const string Code = "int a = 1; // c\n/* x\ny */ String s = \"q{\"; char c = '}';";
        var blank = JavaSource.Blank(Code);
        Assert.Equal(Code.Length, blank.Length);
        Assert.Equal(Code.Count(c => c == '\n'), blank.Count(c => c == '\n'));
        Assert.DoesNotContain('{', blank);
        Assert.DoesNotContain('}', blank);
    }
}
