#include "git/safe_odb.h"

#include <dirent.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <sys/stat.h>

#include <cstring>
#include <memory>
#include <string>

#include "git/loose_reader.h"
#include "git/pack_claims.h"
#include "git/pack_files.h"
#include "git/repository_files.h"

namespace keysweep::git {
namespace {

// A read-only libgit2 backend over one objects directory's loose objects.
// libgit2 calls it from any thread: it holds nothing mutable.
struct LooseBackend {
  git_odb_backend parent;  // first: libgit2 hands back a pointer to it
  std::string dir;
};

const std::string& DirOf(git_odb_backend* backend) { return reinterpret_cast<LooseBackend*>(backend)->dir; }

int Fail(const std::string& message) {
  git_error_set_str(GIT_ERROR_ODB, message.c_str());
  return GIT_ERROR;
}

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Loads the object at `path` into a buffer libgit2 frees.
int Load(git_odb_backend* backend, const std::string& path, void** data, size_t* size, git_object_t* type) {
  Result<LooseObject> object = ReadLooseObject(path, /*header_only=*/false);
  if (!object.ok()) return Fail(object.status().message());
  void* buffer = git_odb_backend_data_alloc(backend, object->data.size() + 1);
  if (buffer == nullptr) return Fail("out of memory reading " + path);
  memcpy(buffer, object->data.data(), object->data.size());
  static_cast<char*>(buffer)[object->data.size()] = '\0';
  *data = buffer;
  *size = object->data.size();
  *type = object->type;
  return 0;
}

int Read(void** data, size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) {
  std::string path = LooseObjectPath(DirOf(backend), *id);
  if (!IsFile(path)) return GIT_ENOTFOUND;
  return Load(backend, path, data, size, type);
}

int ReadHeader(size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) {
  std::string path = LooseObjectPath(DirOf(backend), *id);
  if (!IsFile(path)) return GIT_ENOTFOUND;
  Result<LooseObject> object = ReadLooseObject(path, /*header_only=*/true);
  if (!object.ok()) return Fail(object.status().message());
  if (object->size > SIZE_MAX) return Fail("object too large: " + path);
  *size = static_cast<size_t>(object->size);
  *type = object->type;
  return 0;
}

int Exists(git_odb_backend* backend, const git_oid* id) { return IsFile(LooseObjectPath(DirOf(backend), *id)); }

// The one loose object whose id starts with the first `length` hex digits of
// `prefix`: 0, GIT_ENOTFOUND or GIT_EAMBIGUOUS.
int FindPrefix(git_odb_backend* backend, const git_oid* prefix, size_t length, git_oid* found) {
  std::string hex = OidHex(*prefix).substr(0, length);
  if (hex.size() < 2) return GIT_ENOTFOUND;
  DIR* dir = opendir((DirOf(backend) + "/" + hex.substr(0, 2)).c_str());
  if (dir == nullptr) return GIT_ENOTFOUND;
  int matches = 0;
  while (struct dirent* entry = readdir(dir)) {
    std::string full = hex.substr(0, 2) + entry->d_name;
    git_oid id;
    if (full.size() != kOidHexSize || full.compare(0, hex.size(), hex) != 0 || git_oid_fromstr(&id, full.c_str()) != 0) {
      continue;
    }
    if (matches++ == 0) *found = id;
  }
  closedir(dir);
  return matches == 0 ? GIT_ENOTFOUND : matches > 1 ? GIT_EAMBIGUOUS : 0;
}

int ReadPrefix(git_oid* out, void** data, size_t* size, git_object_t* type, git_odb_backend* backend,
               const git_oid* prefix, size_t length) {
  git_oid id;
  if (int rc = FindPrefix(backend, prefix, length, &id); rc != 0) return rc;
  git_oid_cpy(out, &id);
  return Load(backend, LooseObjectPath(DirOf(backend), id), data, size, type);
}

int ExistsPrefix(git_oid* out, git_odb_backend* backend, const git_oid* prefix, size_t length) {
  git_oid id;
  if (int rc = FindPrefix(backend, prefix, length, &id); rc != 0) return rc;
  git_oid_cpy(out, &id);
  return 0;
}

int Foreach(git_odb_backend* backend, git_odb_foreach_cb callback, void* payload) {
  for (const git_oid& id : LooseObjects(DirOf(backend))) {
    if (int rc = callback(&id, payload); rc != 0) return rc;
  }
  return 0;
}

void Free(git_odb_backend* backend) { delete reinterpret_cast<LooseBackend*>(backend); }

// libgit2's pack backend, asked for an object's header before the object, and
// the claims of its whole delta chain checked (PackClaims): an object or link
// claiming more than kMaxPackedObjectBytes is an error, not an allocation.
struct BoundedPackBackend {
  git_odb_backend parent;  // first: libgit2 hands back a pointer to it
  git_odb_backend* inner;
  std::unique_ptr<PackClaims> claims;
};

git_odb_backend* InnerOf(git_odb_backend* backend) { return reinterpret_cast<BoundedPackBackend*>(backend)->inner; }

int CheckSize(git_odb_backend* backend, const git_oid* id) {
  // The chain first: libgit2 1.5 reads its headers without checking every offset.
  const PackClaims& claims = *reinterpret_cast<BoundedPackBackend*>(backend)->claims;
  if (Status status = claims.Check(*id, kMaxPackedObjectBytes); !status.ok()) {
    return Fail(OidHex(*id) + ": " + status.message());
  }
  git_odb_backend* inner = InnerOf(backend);
  size_t size = 0;
  git_object_t type;
  if (int rc = inner->read_header(&size, &type, inner, id); rc != 0) return rc;
  if (size > kMaxPackedObjectBytes) {
    return Fail(OidHex(*id) + ": packed object claims " + std::to_string(size) + " bytes, more than keysweep reads");
  }
  return 0;
}

int PackRead(void** data, size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) {
  git_odb_backend* inner = InnerOf(backend);
  if (int rc = CheckSize(backend, id); rc != 0) return rc;
  return inner->read(data, size, type, inner, id);
}

int PackReadPrefix(git_oid* out, void** data, size_t* size, git_object_t* type, git_odb_backend* backend,
                   const git_oid* prefix, size_t length) {
  git_odb_backend* inner = InnerOf(backend);
  git_oid id;
  if (int rc = inner->exists_prefix(&id, inner, prefix, length); rc != 0) return rc;
  if (int rc = CheckSize(backend, &id); rc != 0) return rc;
  git_oid_cpy(out, &id);
  return inner->read(data, size, type, inner, &id);
}

int PackReadHeader(size_t* size, git_object_t* type, git_odb_backend* backend, const git_oid* id) {
  git_odb_backend* inner = InnerOf(backend);
  // libgit2 1.5 walks the chain's headers without checking every offset
  // (fuzz_repo: a SEGV): the chain's structure is checked first, any size.
  const PackClaims& claims = *reinterpret_cast<BoundedPackBackend*>(backend)->claims;
  if (Status status = claims.Check(*id, UINT64_MAX); !status.ok()) return Fail(OidHex(*id) + ": " + status.message());
  return inner->read_header(size, type, inner, id);
}

int PackExists(git_odb_backend* backend, const git_oid* id) {
  git_odb_backend* inner = InnerOf(backend);
  return inner->exists(inner, id);
}

int PackExistsPrefix(git_oid* out, git_odb_backend* backend, const git_oid* prefix, size_t length) {
  git_odb_backend* inner = InnerOf(backend);
  return inner->exists_prefix(out, inner, prefix, length);
}

int PackRefresh(git_odb_backend* backend) {
  git_odb_backend* inner = InnerOf(backend);
  return inner->refresh != nullptr ? inner->refresh(inner) : 0;
}

int PackForeach(git_odb_backend* backend, git_odb_foreach_cb callback, void* payload) {
  git_odb_backend* inner = InnerOf(backend);
  return inner->foreach(inner, callback, payload);
}

void PackFree(git_odb_backend* backend) {
  auto* bounded = reinterpret_cast<BoundedPackBackend*>(backend);
  bounded->inner->free(bounded->inner);
  delete bounded;
}

git_odb_backend* NewBoundedPackBackend(git_odb_backend* inner, const std::string& dir) {
  auto* backend = new BoundedPackBackend{};
  git_odb_init_backend(&backend->parent, GIT_ODB_BACKEND_VERSION);
  backend->inner = inner;
  backend->claims = std::make_unique<PackClaims>(dir);
  backend->parent.read = PackRead;
  backend->parent.read_prefix = PackReadPrefix;
  backend->parent.read_header = PackReadHeader;
  backend->parent.exists = PackExists;
  backend->parent.exists_prefix = PackExistsPrefix;
  backend->parent.refresh = PackRefresh;
  backend->parent.foreach = PackForeach;
  backend->parent.free = PackFree;
  return &backend->parent;
}

git_odb_backend* NewLooseBackend(const std::string& dir) {
  auto* backend = new LooseBackend{};
  git_odb_init_backend(&backend->parent, GIT_ODB_BACKEND_VERSION);
  backend->dir = dir;
  backend->parent.read = Read;
  backend->parent.read_prefix = ReadPrefix;
  backend->parent.read_header = ReadHeader;
  backend->parent.exists = Exists;
  backend->parent.exists_prefix = ExistsPrefix;
  backend->parent.foreach = Foreach;
  backend->parent.free = Free;
  return &backend->parent;
}

}  // namespace

Status InstallSafeObjectDatabase(git_repository* repo, const ObjectDirectoryOverride& override) {
  std::string objects = override.objects_dir.empty() ? std::string(git_repository_commondir(repo)) + "objects"
                                                     : override.objects_dir;
  // An alternate that cannot be read fails the open: a scan missing its
  // objects would report "not in the repository" and nothing else.
  std::vector<std::string> problems;
  std::vector<std::string> directories = ObjectDirectories(objects, &problems);
  for (const std::string& alternate : override.alternates) {
    for (std::string& dir : ObjectDirectories(alternate, &problems)) directories.push_back(std::move(dir));
  }
  if (!problems.empty()) {
    std::string message = problems[0];
    for (size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i];
    return Status::Error(message);
  }
  for (const std::string& dir : directories) KS_RETURN_IF_ERROR(CheckObjectDirectoryFiles(dir));
  git_odb* raw = nullptr;
  if (git_odb_new(&raw) != 0) return GitError("cannot create an object database");
  OdbPtr odb(raw);
  // libgit2 asks higher priorities first: packs before loose objects (as its
  // own database does), the repository before its alternates.
  const int top = 2 * static_cast<int>(directories.size());
  int priority = 0;
  for (const std::string& dir : directories) {
    git_odb_backend* pack = nullptr;
    if (git_odb_backend_pack(&pack, dir.c_str()) == 0) {
      git_odb_backend* bounded = NewBoundedPackBackend(pack, dir);
      if (git_odb_add_backend(odb.get(), bounded, top - 2 * priority) != 0) bounded->free(bounded);
    }
    git_odb_backend* loose = NewLooseBackend(dir);
    if (git_odb_add_backend(odb.get(), loose, top - 2 * priority - 1) != 0) loose->free(loose);
    ++priority;
  }
  git_repository_set_odb(repo, odb.get());
  return Status::Ok();
}

}  // namespace keysweep::git
