// One program per contract language that prints a known answer, and one that does not compile or parse
// (piston's idea: a known answer per language). The answer is computed, so an echo of the source fails.
export const ANSWER = 'answer=42';

export const LANGUAGES = [
  {
    code: 'py',
    hello: 'print(f"answer={6 * 7}")\n',
    broken: 'print("answer="\nif True\n    pass\n',
  },
  {
    code: 'js',
    hello: 'console.log(`answer=${6 * 7}`);\n',
    broken: 'console.log("answer=";\nfunction {\n',
  },
  {
    code: 'ts',
    hello: 'const answer: number = 6 * 7;\nconsole.log(`answer=${answer}`);\n',
    broken: 'const answer: number = ;\nfunction (\n',
  },
  {
    code: 'c',
    hello: '#include <stdio.h>\n\nint main(void) {\n    printf("answer=%d\\n", 6 * 7);\n    return 0;\n}\n',
    broken: '#include <stdio.h>\n\nint main(void) {\n    printf("answer=%d\\n", 6 * 7)\n    return 0;\n',
  },
  {
    code: 'cpp',
    hello: '#include <iostream>\n\nint main() {\n    std::cout << "answer=" << 6 * 7 << std::endl;\n    return 0;\n}\n',
    broken: '#include <iostream>\n\nint main() {\n    std::cout << "answer=" << 6 * 7 << std::endl\n    return 0;\n',
  },
  {
    code: 'java',
    hello:
      'public class Main {\n    public static void main(String[] args) {\n' +
      '        System.out.println("answer=" + (6 * 7));\n    }\n}\n',
    broken:
      'public class Main {\n    public static void main(String[] args) {\n' +
      '        System.out.println("answer=" + (6 * 7))\n    }\n}\n',
  },
  {
    code: 'php',
    hello: '<?php\necho "answer=" . (6 * 7) . "\\n";\n',
    broken: '<?php\necho "answer=" . ;\n',
  },
  {
    code: 'rs',
    hello: 'fn main() {\n    println!("answer={}", 6 * 7);\n}\n',
    broken: 'fn main() {\n    let answer = ;\n}\n',
  },
  {
    code: 'go',
    hello: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Printf("answer=%d\\n", 6*7)\n}\n',
    broken: 'package main\n\nfunc main() {\n\tanswer := \n}\n',
  },
  {
    code: 'd',
    hello: 'import std.stdio;\n\nvoid main()\n{\n    writefln("answer=%d", 6 * 7);\n}\n',
    broken: 'import std.stdio;\n\nvoid main()\n{\n    int answer = ;\n}\n',
  },
  {
    code: 'f90',
    hello: "program answer\n  implicit none\n  write (*, '(A,I0)') 'answer=', 6 * 7\nend program answer\n",
    broken: 'program broken\n  implicit none\n  integer :: answer =\nend program broken\n',
  },
  {
    code: 'r',
    hello: 'cat(sprintf("answer=%d\\n", 6L * 7L))\n',
    broken: 'answer <- function( {\n',
  },
  {
    code: 'bash',
    hello: 'echo "answer=$((6 * 7))"\n',
    broken: 'if then fi\n',
  },
];
