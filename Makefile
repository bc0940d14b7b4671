# Сборка и публикация сайта на собственном сервере института.
#   make check                                      проверить данные
#   make build                                      собрать сайт в папку site/
#   make publish PUBLISH_TARGET=user@host:/var/www/omo/   собрать и выложить rsync'ом
PYTHON ?= python3
PUBLISH_TARGET ?=

.PHONY: check build publish

check:
	$(PYTHON) -m generator check

build: check
	NO_MKDOCS_2_WARNING=1 $(PYTHON) -m mkdocs build --strict

publish: build
	@test -n "$(PUBLISH_TARGET)" || { echo "Укажите, куда публиковать: make publish PUBLISH_TARGET=user@host:/var/www/omo/"; exit 1; }
	rsync --archive --compress --delete --human-readable site/ "$(PUBLISH_TARGET)"
