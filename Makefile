# Builds shout as a stand-alone program and installs it the way command-line tools install.
#
#   make                      the release binary (Swift runtime linked in), its man page and shell completions
#   make install              builds them if needed, then installs them under $(DESTDIR)$(PREFIX)
#   make install-strip        the same with the binary's symbols stripped (about 65 MB instead of 100)
#   make uninstall            removes every file `make install` put there
#
# PREFIX (default /usr/local) is where the files go; DESTDIR is prepended for staged installs (packaging, CI).
# The man page comes from swift-argument-parser's generate-manual plugin and the completions from
# `shout --generate-completion-script`, so both follow the command definitions.

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
INSTALL ?= install
INSTALL_PROGRAM_FLAGS ?=

bindir = $(PREFIX)/bin
man1dir = $(PREFIX)/share/man/man1
bashcompdir = $(PREFIX)/share/bash-completion/completions
zshcompdir = $(PREFIX)/share/zsh/site-functions
fishcompdir = $(PREFIX)/share/fish/vendor_completions.d

# The release build has a scratch folder of its own: its flags differ from those of `swift build` and `swift test`,
# and sharing .build would make each of them rebuild everything after the other.
RELEASE_SCRATCH = .build-release
STAGE = $(RELEASE_SCRATCH)/stage
BINARY = $(RELEASE_SCRATCH)/release/shout
# The plugin builds the package before it asks the binary for its commands. A debug build into .build (the one
# `swift run` and `swift test` use and reuse) is enough: the man page depends on the command definitions only.
MANUAL = .build/plugins/GenerateManual/outputs/shout/shout.1
SOURCES = Package.swift $(shell find Sources Modules -type f)

STAGED = $(STAGE)/shout $(STAGE)/shout.1 $(STAGE)/shout.bash $(STAGE)/_shout $(STAGE)/shout.fish
INSTALLED = $(DESTDIR)$(bindir)/shout $(DESTDIR)$(man1dir)/shout.1 $(DESTDIR)$(bashcompdir)/shout \
	$(DESTDIR)$(zshcompdir)/_shout $(DESTDIR)$(fishcompdir)/shout.fish

.PHONY: all install install-strip uninstall clean

all: $(STAGED)

$(STAGE)/shout: $(SOURCES)
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH) --product shout
	mkdir -p $(STAGE)
	cp $(BINARY) $@

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
	$(INSTALL) -m 755 $(INSTALL_PROGRAM_FLAGS) $(STAGE)/shout $(DESTDIR)$(bindir)/shout
	$(INSTALL) -m 644 $(STAGE)/shout.1 $(DESTDIR)$(man1dir)/shout.1
	$(INSTALL) -m 644 $(STAGE)/shout.bash $(DESTDIR)$(bashcompdir)/shout
	$(INSTALL) -m 644 $(STAGE)/_shout $(DESTDIR)$(zshcompdir)/_shout
	$(INSTALL) -m 644 $(STAGE)/shout.fish $(DESTDIR)$(fishcompdir)/shout.fish

install-strip:
	$(MAKE) install INSTALL_PROGRAM_FLAGS=-s

uninstall:
	rm -f $(INSTALLED)

clean:
	rm -rf $(RELEASE_SCRATCH)
