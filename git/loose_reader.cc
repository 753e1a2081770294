#include "git/loose_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "core/mapped_file.h"

namespace keysweep::git {
namespace {

// Loose headers are "<type> <decimal size>\0": at most 6 + 1 + 20 + 1 bytes.
constexpr size_t kMaxHeader = 32;
constexpr size_t kChunk = 64 << 10;

// Parses "<type> <size>" (without the NUL); false when it is not a header.
bool ParseHeader(std::string_view header, LooseObject* out) {
  size_t space = header.find(' ');
  if (space == std::string_view::npos) return false;
  std::string_view type = header.substr(0, space);
  std::string_view digits = header.substr(space + 1);
  if (type == "commit") out->type = GIT_OBJECT_COMMIT;
  else if (type == "tree") out->type = GIT_OBJECT_TREE;
  else if (type == "blob") out->type = GIT_OBJECT_BLOB;
  else if (type == "tag") out->type = GIT_OBJECT_TAG;
  else return false;
  if (digits.empty() || digits.size() > 19 || (digits.size() > 1 && digits[0] == '0')) return false;
  uint64_t size = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    size = size * 10 + static_cast<uint64_t>(c - '0');
  }
  out->size = size;
  return true;
}

// Owns a z_stream for inflating.
class Inflater {
 public:
  Inflater() { ready_ = inflateInit(&stream_) == Z_OK; }
  ~Inflater() {
    if (ready_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ready() const { return ready_; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool ready_ = false;
};

}  // namespace

std::string LooseObjectPath(const std::string& objects_dir, const git_oid& id) {
  std::string hex = OidHex(id);
  return objects_dir + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
}

Result<LooseObject> ReadLooseObject(const std::string& path, bool header_only) {
  MappedFile file(path);
  if (file.data() == nullptr) return Status::Error("cannot read loose object " + path);
  Inflater inflater;
  if (!inflater.ready()) return Status::Error("out of memory for zlib");
  z_stream& z = inflater.stream();
  // The file is mapped whole; zlib's avail_in is 32-bit, so feed it in slices.
  const unsigned char* next_in = file.data();
  size_t left_in = file.size();
  auto feed = [&] {
    if (z.avail_in == 0 && left_in > 0) {
      z.next_in = const_cast<unsigned char*>(next_in);
      z.avail_in = static_cast<uInt>(std::min<size_t>(left_in, 1u << 30));
      next_in += z.avail_in;
      left_in -= z.avail_in;
    }
  };

  // The header: inflate a few bytes at a time until its NUL.
  LooseObject object;
  char header[kMaxHeader];
  size_t header_size = 0;
  int rc = Z_OK;
  while (memchr(header, '\0', header_size) == nullptr) {
    if (header_size == kMaxHeader || rc == Z_STREAM_END) return Status::Error("loose object without a valid header: " + path);
    feed();
    z.next_out = reinterpret_cast<Bytef*>(header + header_size);
    z.avail_out = static_cast<uInt>(kMaxHeader - header_size);
    uInt before = z.avail_out;
    rc = inflate(&z, Z_SYNC_FLUSH);
    header_size += before - z.avail_out;
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return Status::Error("corrupt loose object (zlib): " + path);
    if (rc == Z_BUF_ERROR && z.avail_in == 0 && left_in == 0 && before == z.avail_out) {
      return Status::Error("truncated loose object: " + path);
    }
  }
  size_t nul = static_cast<const char*>(memchr(header, '\0', header_size)) - header;
  if (!ParseHeader(std::string_view(header, nul), &object)) return Status::Error("loose object without a valid header: " + path);
  if (header_only) return object;

  // The body: what followed the NUL, then the rest of the stream, never more
  // than the header says (the buffer grows with what is actually inflated).
  std::string& body = object.data;
  body.assign(header + nul + 1, header_size - nul - 1);
  if (body.size() > object.size) return Status::Error("loose object longer than its header says: " + path);
  while (rc != Z_STREAM_END) {
    feed();
    size_t want = std::min<uint64_t>(object.size - body.size() + 1, kChunk);  // +1 sees an overlong body
    size_t old = body.size();
    body.resize(old + want);
    z.next_out = reinterpret_cast<Bytef*>(body.data() + old);
    z.avail_out = static_cast<uInt>(want);
    rc = inflate(&z, Z_NO_FLUSH);
    body.resize(old + want - z.avail_out);
    if (body.size() > object.size) return Status::Error("loose object longer than its header says: " + path);
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && z.avail_in == 0 && left_in == 0) return Status::Error("truncated loose object: " + path);
    if (rc != Z_OK && rc != Z_BUF_ERROR) return Status::Error("corrupt loose object (zlib): " + path);
  }
  if (body.size() != object.size) return Status::Error("loose object shorter than its header says: " + path);
  return object;
}

}  // namespace keysweep::git
