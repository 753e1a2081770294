// A text file compiled into the binary by cmake/EmbedFiles.cmake (the
// built-in rules, the IAM catalog). Immutable static data: thread-safe.
#ifndef KEYSWEEP_CORE_EMBEDDED_FILE_H_
#define KEYSWEEP_CORE_EMBEDDED_FILE_H_

namespace keysweep {

struct EmbeddedFile {
  const char* name;  // the file's base name
  const char* text;
};

}  // namespace keysweep

#endif  // KEYSWEEP_CORE_EMBEDDED_FILE_H_
