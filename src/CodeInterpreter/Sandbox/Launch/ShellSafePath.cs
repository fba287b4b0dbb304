
namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// Paths that may appear inside the launcher's one fixed <c>sh -c</c> script: letters, digits and <c>_ . / @ : , + = -</c>.
/// No quotes, spaces, globs, <c>$</c>, <c>~</c> or separators, so a path can never become shell syntax.
/// </summary>
internal static class ShellSafePath
{
    public static bool IsSafe(string path) =>
        path.Length > 0 && path[0] == '/'
        && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '@' or ':' or ',' or '+' or '=' or '-');

    public static string Require(string path) =>
        IsSafe(path)
            ? path
            : throw new ArgumentException($"Path is not safe to use in the launcher script: '{path}'.", nameof(path));
}
