// The role picker (views/macros/role-picker.njk): the ARIA 1.2 combobox pattern over the suggestions
// htmx fetches into the listbox. Without this file the picker is a text field the server resolves.
// Keys: Down/Up move through the suggestions (and open them), Enter chooses, Escape closes, then clears.
(() => {
  const plural = (n) => (n > 1 ? 's' : '');

  function setUp(root) {
    const input = root.querySelector('[role="combobox"]');
    const hidden = root.querySelector('[data-combobox-value]');
    const list = input && document.getElementById(input.getAttribute('aria-controls'));
    const status = input && document.getElementById(`${input.id}-status`);
    if (!input || !hidden || !list) return;
    let chosen = input.value;
    let active = -1;

    const options = () => [...list.querySelectorAll('[role="option"]')];
    const setActive = (index) => {
      const all = options();
      active = index;
      all.forEach((option, i) => {
        option.setAttribute('aria-selected', String(i === index));
      });
      if (index >= 0 && all[index]) {
        input.setAttribute('aria-activedescendant', all[index].id);
        all[index].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    };
    const open = () => {
      if (!options().length) return false;
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      return true;
    };
    const close = () => {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    };
    const choose = (option) => {
      hidden.value = option.dataset.value;
      input.value = option.dataset.display;
      chosen = input.value;
      close();
      if (status) status.textContent = `${option.dataset.display} choisi.`;
      // The search form refreshes its results on change.
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };

    input.addEventListener('input', () => {
      // Typing leaves the chosen role: the server resolves the text unless an option is chosen again.
      if (input.value !== chosen) hidden.value = '';
      if (!input.value.trim()) {
        list.replaceChildren();
        close();
      }
    });
    input.addEventListener('keydown', (event) => {
      const count = options().length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (!count) return;
        event.preventDefault();
        const down = event.key === 'ArrowDown';
        if (list.hidden) {
          open();
          if (!event.altKey) setActive(down ? 0 : count - 1);
        } else {
          setActive(down ? (active + 1) % count : active <= 0 ? count - 1 : active - 1);
        }
      } else if (event.key === 'Enter') {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(options()[active]);
        }
      } else if (event.key === 'Escape') {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = '';
          hidden.value = '';
          chosen = '';
          input.dispatchEvent(new Event('change', { bubbles: true }));
        }
      }
    });
    input.addEventListener('blur', () => close());
    // A pointer on an option must not take the focus away from the input before the click.
    list.addEventListener('mousedown', (event) => event.preventDefault());
    list.addEventListener('click', (event) => {
      const option = event.target instanceof Element ? event.target.closest('[role="option"]') : null;
      if (option) choose(option);
    });
    document.addEventListener('htmx:afterSwap', (event) => {
      if (event.detail?.target !== list) return;
      setActive(-1);
      const count = options().length;
      if (count && document.activeElement === input) open();
      else close();
      if (status) {
        status.textContent = count
          ? `${count} métier${plural(count)} proposé${plural(count)}. Flèches haut et bas pour choisir.`
          : 'Aucun métier ne correspond.';
      }
    });
  }

  const start = () => {
    for (const root of document.querySelectorAll('[data-combobox]')) setUp(root);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
