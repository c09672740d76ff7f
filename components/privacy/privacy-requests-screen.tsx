'use client';

import { useEffect, useRef, useState } from 'react';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { showToast } from '@/components/ui/toast-store';
import { FormMessage } from '@/components/auth/field';
import { findContactById, listRequests, type PrivacyContact, type PrivacyRequest } from './api';
import { ChosenContact } from './chosen-contact';
import { ContactFinder } from './contact-finder';
import { contactName, summaryText } from './labels';
import { problemText } from './problem-text';
import { RequestsTable } from './requests-table';

/**
 * The privacy requests page (online only): find the person, export or erase what is held about
 * them, and the organization's requests below. Focus follows the work: to the chosen contact
 * once chosen, to the requests once one is erased (its panel is gone with it). A contact's page
 * links here with `?contact=<id>` (`linkedContactId`): that contact is chosen once found.
 */
export function PrivacyRequestsScreen({ linkedContactId }: { linkedContactId?: string }) {
  const [chosen, setChosen] = useState<PrivacyContact | null>(null);
  const [linkProblem, setLinkProblem] = useState<string>();
  const [erasedIds, setErasedIds] = useState<ReadonlySet<string>>(new Set());
  const [requests, setRequests] = useState<PrivacyRequest[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const chosenHeading = useRef<HTMLHeadingElement>(null);
  const requestsHeading = useRef<HTMLHeadingElement>(null);

  // Read in the browser, and again after each request made here: live data, never cached with the page.
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    let live = true;
    listRequests()
      .then((list) => {
        if (!live) return;
        setRequests(list);
        setProblem(null);
      })
      .catch((err: unknown) => live && setProblem(`The requests could not be read: ${problemText(err)}`));
    return () => {
      live = false;
    };
  }, [version]);

  useEffect(() => {
    if (!linkedContactId) return;
    let live = true;
    findContactById(linkedContactId)
      .then((contact) => {
        if (!live) return;
        if (contact) choose(contact);
        else setLinkProblem('The contact this link names is not in the organization any more: it was deleted or erased. Find the person below.');
      })
      .catch((err: unknown) => live && setLinkProblem(`The linked contact could not be read: ${problemText(err)}`));
    return () => {
      live = false;
    };
  }, [linkedContactId]);

  function choose(contact: PrivacyContact) {
    setLinkProblem(undefined);
    setChosen(contact);
    focusAfterRender(() => chosenHeading.current);
  }

  function erased(contact: PrivacyContact, request: PrivacyRequest) {
    setErasedIds((prev) => new Set(prev).add(contact.id));
    setChosen(null);
    // The answer's counts, read out politely: what the erasure reached.
    showToast(`${contactName(contact)} is erased: ${summaryText(request.summary, request.kind).toLowerCase()}. Phones remove their copies at their next sync.`, 'success');
    setRequests((prev) => (prev ? [request, ...prev.filter((r) => r.id !== request.id)] : prev));
    reload();
    focusAfterRender(() => requestsHeading.current);
  }

  return (
    <div className="flex max-w-3xl flex-col gap-section">
      <FormMessage message={linkProblem} />
      <ContactFinder chosenId={chosen?.id ?? null} onChoose={choose} erasedIds={erasedIds} />
      {chosen ? (
        <ChosenContact key={chosen.id} contact={chosen} headingRef={chosenHeading} onExported={reload} onErased={(request) => erased(chosen, request)} />
      ) : null}
      <RequestsTable requests={requests} problem={problem} onReload={reload} headingRef={requestsHeading} />
    </div>
  );
}
