# `cmake --install` to a standard layout, and a Debian package by CPack:
#   bin/keysweep
#   lib[/<multiarch>]/keysweep/keysweep-git.so   (found relative to the binary)
#   share/doc/keysweep/README.md
# `cpack -G DEB` in the build folder writes keysweep_<version>_<arch>.deb; its
# dependencies come from dpkg-shlibdeps, so they match the libraries it was
# built against.
# KEYSWEEP_MODULE_INSTALL_DIR is set in the top-level CMakeLists.txt (the CLI
# compiles its path relative to the binary in).
install(TARGETS keysweep RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS keysweep_git_module LIBRARY DESTINATION ${KEYSWEEP_MODULE_INSTALL_DIR})
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME keysweep)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline secret scanner and AWS credential responder")
set(CPACK_PACKAGE_DESCRIPTION
  "Finds leaked AWS access keys and other secrets in files, folders and whole git histories, lints IAM policies, and writes the response to an exposed key. Never makes a network call.")
set(CPACK_PACKAGE_CONTACT "keysweep developers <dev@keysweep.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # keysweep_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_STRIP_FILES ON)
include(CPack)
