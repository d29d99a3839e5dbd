# Builds shout as a stand-alone program and installs it the way command-line tools install.
#
#   make                      the release binary (Swift runtime linked in, symbols stripped, about 19.5 MB), its
#                             symbols in a file of their own, its man page and shell completions
#   make install              builds them if needed, then installs them under $(DESTDIR)$(PREFIX)
#   make install-debug        the same, and the symbols beside the binary (bin/.debug/shout.debug, where gdb looks)
#   make uninstall            removes every file `make install` or `make install-debug` put there
#   make dist                 shout-VERSION-linux-x86_64.tar.gz: the binary, the man page, the completions, a README
#   make deb                  shout_VERSION_amd64.deb, built with dpkg-deb, for a lab's admin (apt install ./…deb)
#
# PREFIX (default /usr/local) is where the files go; DESTDIR is prepended for staged installs (packaging, CI).
# The man page comes from swift-argument-parser's generate-manual plugin and the completions from
# `shout --generate-completion-script`, so both follow the command definitions.

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
INSTALL ?= install
DEB_MAINTAINER ?= Shout maintainers <shout@localhost>

bindir = $(PREFIX)/bin
man1dir = $(PREFIX)/share/man/man1
bashcompdir = $(PREFIX)/share/bash-completion/completions
zshcompdir = $(PREFIX)/share/zsh/site-functions
fishcompdir = $(PREFIX)/share/fish/vendor_completions.d
debugdir = $(bindir)/.debug

VERSION := $(shell sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/shout/ShoutVersion.swift)

# The release build has a scratch folder of its own: its flags differ from those of `swift build` and `swift test`,
# and sharing .build would make each of them rebuild everything after the other.
RELEASE_SCRATCH = .build-release
STAGE = $(RELEASE_SCRATCH)/stage
BINARY = $(RELEASE_SCRATCH)/release/shout
# The linker's map of the release link: every section it kept, with the library member it came from. .ci/run reads
# it to prove that no ICU (FoundationInternationalization, _FoundationICU) is linked in.
LINK_MAP = $(RELEASE_SCRATCH)/shout.map
# --no-export-dynamic: the static Swift runtime's link arguments export every symbol of the program's own objects
# (for dlsym, which shout never calls); not exporting them makes the binary 1.4 MB smaller.
# Size, measured on the stripped binary (BENCHMARKS.md, issue 29): -Osize for every Swift module, dependencies
# included (-0.91 MB against -O); each function in a section of its own (-function-sections), so --gc-sections,
# which SwiftPM passes, drops the unused ones one by one (-0.29 MB); linked by the toolchain's lld with identical
# code folding (--icf=all: -0.98 MB with function sections; with gold's, the idle server's memory grew by 1 MB).
# The server's throughput stays within the benchmarks' spread of -O's (Benchmarks/compare.sh --baseline).
RELEASE_FLAGS = -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH) --product shout \
	-Xswiftc -Osize -Xswiftc -Xfrontend -Xswiftc -function-sections -Xswiftc -use-ld=lld -Xlinker --icf=all \
	-Xlinker -Map=$(LINK_MAP) -Xlinker --no-export-dynamic
# The one warning a release link with gold prints and that is not about shout: glibc marks mktemp(3) with a link-time
# warning, and FoundationEssentials' createTemporaryFile (Data+Writing.swift, behind Data's atomic writes) calls it.
# Nothing in shout writes Data (its files are written with open and rename), but the object file comes in with
# swift-argument-parser's use of FoundationEssentials: LocalizedError (CocoaError.swift) -> FileManager's XDG paths
# -> FileManager -> String+Internals -> Data+Writing. gold, the toolchain's default linker, prints that one line
# ("the use of `mktemp' is dangerous"); lld does not print glibc's link-time warnings. It is left out of the output
# for a link with gold; any other line stays.
KNOWN_LINK_WARNING = the use of .mktemp. is dangerous
# The plugin builds the package before it asks the binary for its commands. A debug build into .build (the one
# `swift run` and `swift test` use and reuse) is enough: the man page depends on the command definitions only.
MANUAL = .build/plugins/GenerateManual/outputs/shout/shout.1
SOURCES = Package.swift $(shell find Sources Modules -type f)

STAGED = $(STAGE)/shout $(STAGE)/shout.debug $(STAGE)/shout.1 $(STAGE)/shout.bash $(STAGE)/_shout $(STAGE)/shout.fish
INSTALLED = $(DESTDIR)$(bindir)/shout $(DESTDIR)$(man1dir)/shout.1 $(DESTDIR)$(bashcompdir)/shout \
	$(DESTDIR)$(zshcompdir)/_shout $(DESTDIR)$(fishcompdir)/shout.fish

DIST_NAME = shout-$(VERSION)-linux-x86_64
DIST = $(RELEASE_SCRATCH)/$(DIST_NAME).tar.gz
DEB = $(RELEASE_SCRATCH)/shout_$(VERSION)_amd64.deb

.PHONY: all install install-strip install-debug uninstall dist deb clean

all: $(STAGED)

# The Makefile too: a change of RELEASE_FLAGS must build the binary again.
$(BINARY): $(SOURCES) Makefile
	@status=$(RELEASE_SCRATCH)/build.status; mkdir -p $(RELEASE_SCRATCH); \
	echo "$(SWIFT) build $(RELEASE_FLAGS)"; \
	{ $(SWIFT) build $(RELEASE_FLAGS) 2>&1; echo $$? > $$status; } | grep -v -E "$(KNOWN_LINK_WARNING)"; \
	exit $$(cat $$status)

# The symbols go to shout.debug; the installed binary keeps only what it runs with, and a link to that file
# (.gnu_debuglink), so gdb finds the symbols when they are installed beside it.
$(STAGE)/shout.debug: $(BINARY)
	mkdir -p $(STAGE)
	objcopy --only-keep-debug $(BINARY) $@

$(STAGE)/shout: $(BINARY) $(STAGE)/shout.debug
	strip --strip-all -o $@.tmp $(BINARY)
	cd $(STAGE) && objcopy --add-gnu-debuglink=shout.debug shout.tmp && mv shout.tmp shout

# The plugin copies a blank line between paragraphs of a discussion as it is; mdoc's paragraph break is `.Pp`. Its
# generic EXIT STATUS section (the page's last) gives way to the real statuses and the EXAMPLES, which the binary
# prints from the same text its --help uses.
$(STAGE)/shout.1: $(STAGE)/shout $(SOURCES) Makefile
	$(SWIFT) package plugin generate-manual --configuration debug
	mkdir -p $(STAGE)
	sed -e 's/^$$/.Pp/' -e '/^\.Sh "EXIT STATUS"/,$$d' $(MANUAL) > $@.tmp
	$(STAGE)/shout --manual-sections >> $@.tmp && mv $@.tmp $@

$(STAGE)/shout.bash: $(STAGE)/shout
	$(STAGE)/shout --generate-completion-script bash > $@.tmp && mv $@.tmp $@

$(STAGE)/_shout: $(STAGE)/shout
	$(STAGE)/shout --generate-completion-script zsh > $@.tmp && mv $@.tmp $@

$(STAGE)/shout.fish: $(STAGE)/shout
	$(STAGE)/shout --generate-completion-script fish > $@.tmp && mv $@.tmp $@

install: $(STAGED)
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(man1dir) $(DESTDIR)$(bashcompdir) $(DESTDIR)$(zshcompdir) \
		$(DESTDIR)$(fishcompdir)
	$(INSTALL) -m 755 $(STAGE)/shout $(DESTDIR)$(bindir)/shout
	$(INSTALL) -m 644 $(STAGE)/shout.1 $(DESTDIR)$(man1dir)/shout.1
	$(INSTALL) -m 644 $(STAGE)/shout.bash $(DESTDIR)$(bashcompdir)/shout
	$(INSTALL) -m 644 $(STAGE)/_shout $(DESTDIR)$(zshcompdir)/_shout
	$(INSTALL) -m 644 $(STAGE)/shout.fish $(DESTDIR)$(fishcompdir)/shout.fish

# The installed binary is stripped already; the name is kept for the habit of `make install-strip`.
install-strip: install

install-debug: install
	$(INSTALL) -d $(DESTDIR)$(debugdir)
	$(INSTALL) -m 644 $(STAGE)/shout.debug $(DESTDIR)$(debugdir)/shout.debug

uninstall:
	rm -f $(INSTALLED) $(DESTDIR)$(debugdir)/shout.debug
	rmdir $(DESTDIR)$(debugdir) 2>/dev/null || true

# Owners and dates are fixed, so the same staged files give the same archive.
dist: $(DIST)

$(DIST): $(STAGED) Makefile
	rm -rf $(RELEASE_SCRATCH)/$(DIST_NAME) && mkdir -p $(RELEASE_SCRATCH)/$(DIST_NAME)/completions
	cp $(STAGE)/shout $(STAGE)/shout.1 $(RELEASE_SCRATCH)/$(DIST_NAME)/
	cp $(STAGE)/shout.bash $(STAGE)/_shout $(STAGE)/shout.fish $(RELEASE_SCRATCH)/$(DIST_NAME)/completions/
	{ echo "shout $(VERSION): a UDP/TCP upper-case echo server, client and checker for the socket labs."; \
	  echo; \
	  echo "Needs from the system: glibc 2.35 or later, libstdc++ from GCC 11 or later, ncurses 6"; \
	  echo "(Debian 12, Ubuntu 22.04 and later); no Swift."; \
	  echo; \
	  echo "  shout          the program: copy it to a folder on PATH (/usr/local/bin)"; \
	  echo "  shout.1        the manual: copy it to /usr/local/share/man/man1 for 'man shout'"; \
	  echo "  completions/   bash (shout.bash -> .../bash-completion/completions/shout), zsh (_shout), fish"; \
	  echo; \
	  echo "Start with: shout --help, shout server, shout client HOST."; } > $(RELEASE_SCRATCH)/$(DIST_NAME)/README
	tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C $(RELEASE_SCRATCH) -czf $@ $(DIST_NAME)

deb: $(DEB)

# The package installs under /usr, where packages go: man pages compressed, zsh's completions in Debian's vendor
# folder. Depends names the libraries the binary links (objdump -p: NEEDED), with the versions its symbols ask for
# (objdump -T: GLIBC_2.35 for hypot; GLIBCXX_3.4.29, which came with GCC 11).
$(DEB): $(STAGED) Makefile
	rm -rf $(RELEASE_SCRATCH)/deb && mkdir -p $(RELEASE_SCRATCH)/deb/DEBIAN
	$(MAKE) --no-print-directory install DESTDIR=$(RELEASE_SCRATCH)/deb PREFIX=/usr zshcompdir=/usr/share/zsh/vendor-completions
	gzip -9n $(RELEASE_SCRATCH)/deb/usr/share/man/man1/shout.1
	{ echo "Package: shout"; \
	  echo "Version: $(VERSION)"; \
	  echo "Architecture: amd64"; \
	  echo "Maintainer: $(DEB_MAINTAINER)"; \
	  echo "Installed-Size: $$(du -sk --exclude=DEBIAN $(RELEASE_SCRATCH)/deb | cut -f1)"; \
	  echo "Depends: libc6 (>= 2.35), libgcc-s1, libncursesw6, libstdc++6 (>= 11), libtinfo6"; \
	  echo "Section: net"; \
	  echo "Priority: optional"; \
	  echo "Description: upper-case echo server, client and checker for the socket labs"; \
	  echo " The UDP and TCP servers and clients of the Kurose & Ross socket programming labs, with"; \
	  echo " live terminal screens for a classroom, a checker for students' servers, ping and a load test."; \
	} > $(RELEASE_SCRATCH)/deb/DEBIAN/control
	dpkg-deb --root-owner-group -Zxz --build $(RELEASE_SCRATCH)/deb $@

clean:
	rm -rf $(RELEASE_SCRATCH)
